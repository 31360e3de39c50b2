package dev.airlock.guard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which git config variables make git run a program, load more config, or look for the repository elsewhere:
 * the ones a sandbox must not leave behind for the host's git. The class, not a list of spellings: exact keys
 * from {@code git help config}, whole sections whose every variable is a command, and, for variables this
 * table does not know, any name that says it holds a command.
 */
public final class RunsPrograms {

    /** {@code section.name} (subsection left out) whose value git runs, or that points git at other files. */
    private static final Set<String> KEYS = Set.of(
            "core.hookspath", "core.sshcommand", "core.pager", "core.editor", "core.askpass", "core.gitproxy",
            "core.alternaterefscommand", "core.worktree", "core.attributesfile",
            "sequence.editor", "diff.external", "diff.textconv", "diff.command", "diff.tool", "diff.guitool",
            "merge.tool", "merge.guitool", "merge.driver", "credential.helper", "include.path", "gpg.program",
            "uploadpack.packobjectshook", "remote.uploadpack", "remote.receivepack", "remote.vcs", "web.browser",
            "browser.cmd", "browser.path", "man.cmd", "man.path", "man.viewer", "difftool.cmd", "difftool.path",
            "mergetool.cmd", "mergetool.path", "guitool.cmd", "interactive.difffilter", "imap.tunnel",
            "instaweb.httpd", "instaweb.browser", "trailer.command", "trailer.cmd", "gpg.ssh.defaultkeycommand",
            "gpg.ssh.program", "gpg.x509.program", "gpg.openpgp.program", "gui.editor", "svn.authorsprog",
            "svn-remote.authorsprog", "receive.procreceiverefs",
            "extensions.worktreeconfig");
    /** Sections where every variable is (part of) a command or a hook. */
    private static final Set<String> SECTIONS = Set.of("filter", "alias", "pager", "hook", "sendemail", "includeif");
    /** Names that say, in any section, that the value is run. */
    private static final List<String> RUN_SUFFIXES = List.of("command", "cmd", "program", "prog", "helper", "editor",
            "pager", "hook", "driver", "textconv", "tunnel", "askpass", "proxycommand");
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "1", "0", "");

    private RunsPrograms() {
    }

    /** Why git would run something because of this variable, or empty when it would not. */
    public static Optional<String> why(GitConfig.Entry e) {
        String key = e.section() + "." + e.name();
        String value = e.value().orElse("");
        String lowerValue = value.toLowerCase(Locale.ROOT).strip();
        if (key.equals("core.fsmonitor")) {
            return BOOLEANS.contains(lowerValue) ? Optional.empty() : Optional.of("core.fsmonitor names a program");
        }
        if (e.section().equals("alias")) {
            return value.stripLeading().startsWith("!") ? Optional.of("a shell alias") : Optional.empty();
        }
        if (e.section().equals("pager")) {
            // pager.<cmd> = true/false only turns the pager on or off; any other value is a program
            return BOOLEANS.contains(lowerValue) ? Optional.empty() : Optional.of("a pager program");
        }
        if (e.section().equals("submodule") && e.name().equals("update")) {
            return value.stripLeading().startsWith("!") ? Optional.of("a submodule update command") : Optional.empty();
        }
        if (e.section().equals("protocol") && e.name().equals("allow") && !lowerValue.equals("never")
                && e.subsection().map(s -> s.equalsIgnoreCase("ext")).orElse(true)) {
            return Optional.of("lets ext:: URLs run commands");
        }
        if (lowerValue.contains("ext::") || e.subsection().map(s -> s.toLowerCase(Locale.ROOT).contains("ext::")).orElse(false)) {
            return Optional.of("an ext:: URL runs a command");
        }
        if (SECTIONS.contains(e.section())) {
            return Optional.of("every " + e.section() + ".* variable names a command or more config");
        }
        if (KEYS.contains(key) || KEYS.contains(e.section() + "." + e.subsection().orElse("") + "." + e.name())) {
            return Optional.of(key + " names a program or another file git loads");
        }
        if (e.section().equals("sendemail") || e.section().equals("credential") && e.name().equals("helper")) {
            return Optional.of("names a program");
        }
        for (String suffix : RUN_SUFFIXES) {
            if (e.name().endsWith(suffix)) {
                return Optional.of(key + " looks like a command");
            }
        }
        return Optional.empty();
    }
}
