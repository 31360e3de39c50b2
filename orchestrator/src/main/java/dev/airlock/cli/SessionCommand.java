package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.session.SessionInfo;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock session start|list|stop}: sessions whose containers stay warm between commands. */
@Command(
            footerHeading = "%nExamples:%n",
            footer = {"  airlock session start --mode default --workspace ~/src/app", "  airlock session list", "  airlock session stop s-7f3k9q2m1x"},
            name = "session", description = "Start, list and stop sessions; a started session keeps its sandboxes warm for airlock exec.",
        subcommands = {SessionCommand.Start.class, SessionCommand.ListSessions.class, SessionCommand.Stop.class})
final class SessionCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    @Command(
            footerHeading = "%nExamples:%n",
            footer = {"  airlock session start", "  airlock session start --mode auto-review --workspace ~/src/app"},
            name = "start", description = "Start a session and print its id; its sandboxes stay warm (in the server) until stopped or idle.")
    static final class Start implements Callable<Integer> {
        private final Airlock airlock;

        @Mixin
        SessionOptions options;

        Start(Airlock airlock) {
            this.airlock = airlock;
        }

        @Override
        public Integer call() {
            var session = airlock.app().startWarm(airlock.opening(options));
            airlock.console().out().println(session.id());
            if (!airlock.inServer()) {
                airlock.console().err().println("airlock: this process is not the server: the session is on disk, "
                        + "and each airlock exec starts its sandbox afresh");
            }
            return 0;
        }
    }

    @Command(
            footerHeading = "%nExamples:%n",
            footer = {"  airlock session list", "  airlock session list --json"},
            name = "list", description = "List sessions, newest first, and which are warm.")
    static final class ListSessions implements Callable<Integer> {
        private final Airlock airlock;

        @Option(names = "--json", description = "Print JSON (docs/JSON.md): version, and the sessions, newest first.")
        boolean json;

        ListSessions(Airlock airlock) {
            this.airlock = airlock;
        }

        @Override
        public Integer call() {
            var sessions = airlock.app().sessions();
            PrintStream out = airlock.console().out();
            if (json) {
                out.println(Json.write(Json.document(Json.fields("sessions", sessions.stream().map(listed -> {
                    SessionInfo s = listed.info();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", s.id().value());
                    m.put("mode", s.mode());
                    m.put("workspace", s.workspace().toString());
                    m.put("created", s.created().toString());
                    m.put("warm", listed.warm());
                    s.branch().ifPresent(b -> m.put("branch", b));
                    return m;
                }).toList()))));
                return 0;
            }
            for (var listed : sessions) {
                SessionInfo s = listed.info();
                boolean isWarm = listed.warm();
                out.printf("%s  %-11s %s  %s%s%n", s.id(), Clean.line(s.mode()), s.created(), Clean.line(s.workspace().toString()),
                        isWarm ? "  (warm)" : "");
            }
            return 0;
        }
    }

    @Command(
            footerHeading = "%nExamples:%n",
            footer = {"  airlock session list   # the ids, newest first", "  airlock session stop s-7f3k9q2m1x"},
            name = "stop", description = "End a session: its warm containers and proxy are removed; its state stays for diff, rollback and report.")
    static final class Stop implements Callable<Integer> {
        private final Airlock airlock;

        @Parameters(paramLabel = "ID", description = "The session.")
        String id;

        Stop(Airlock airlock) {
            this.airlock = airlock;
        }

        @Override
        public Integer call() {
            int removed = airlock.app().stop(id);
            airlock.console().err().println("airlock: session " + id + " stopped" + (removed == 0 ? "" : "; removed "
                    + removed + " container(s)"));
            return 0;
        }
    }
}
