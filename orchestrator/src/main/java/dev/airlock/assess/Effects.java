package dev.airlock.assess;

import dev.airlock.assess.Locations.Kind;
import dev.airlock.assess.Locations.Loc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one simple command does, collected while its rules run, then frozen into a {@link Part}. The tier of
 * each effect on a path is decided here, once: workspace writes are WRITE; deletes, secrets, {@code .git}
 * internals and anything written outside the workspace are DESTRUCTIVE; the container's scratch space is READ.
 */
final class Effects {

    /** Beyond this many reasons a part only counts the rest (keeping the highest tier among them). */
    static final int MAX_REASONS = 100;

    private final Set<Reason> reasons = new LinkedHashSet<>();
    private int dropped;
    private Tier droppedTier = Tier.READ;
    private final Set<String> domains = new LinkedHashSet<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private List<String> argv = List.of();
    private List<String> prefix = List.of();
    private boolean opaque;
    private boolean handedOn;

    void command(List<Arg> words) {
        argv = words.stream().map(Arg::text).toList();
        prefix = words.isEmpty() ? List.of() : List.of(Programs.basename(words.getFirst().text()));
    }

    void prefix(List<String> words) {
        prefix = List.copyOf(words);
    }

    List<String> prefix() {
        return prefix;
    }

    void add(Tier tier, String what, String detail) {
        Reason r = new Reason(tier, what, detail);
        if (reasons.size() < MAX_REASONS) {
            reasons.add(r);
        } else if (!reasons.contains(r)) {
            dropped++;
            droppedTier = droppedTier.max(tier);
        }
    }

    void opaque(String detail) {
        opaque = true;
        add(Tier.EXECUTE, "opaque", detail);
    }

    void executes(String detail) {
        add(Tier.EXECUTE, "executes", detail);
    }

    /** A connection to {@code host} (lower case, no port); loopback stays inside the sandbox and is not network. */
    void network(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (Urls.loopback(h)) {
            add(Tier.READ, "loopback", h);
            return;
        }
        domains.add(h);
        add(Tier.NETWORK, "network", h);
    }

    /** A connection whose destination cannot be known before it runs. */
    void networkUnknown(String detail) {
        add(Tier.NETWORK, "network", detail);
    }

    /** Creates or changes {@code l}: {@code what} names how ({@code writes}, {@code moves}, {@code changes-mode}, ...). */
    void writes(Loc l, String what, Tier tier) {
        switch (l.kind()) {
            case DEVICE -> {
            }
            case SCRATCH -> add(Tier.READ, "writes-scratch", l.display());
            case SYSTEM, HOME, OUTSIDE -> {
                path(l);
                if (l.holdsWorkspace()) {
                    add(tier, what, l.display());
                } else {
                    outside(l);
                }
            }
            default -> {
                path(l);
                add(tier, what, l.display());
                if (l.secret()) {
                    add(Tier.DESTRUCTIVE, "writes-secret", l.display());
                }
                if (l.gitInternal()) {
                    add(Tier.DESTRUCTIVE, "writes-git-internals", l.display());
                }
                guarded(l);
            }
        }
    }

    /** The sandbox keeps it read-only: only a person can let this command write it. */
    private void guarded(Loc l) {
        if (l.guarded()) {
            add(Tier.DESTRUCTIVE, "writes-protected", l.display());
        }
    }

    void deletes(Loc l, Settings settings) {
        switch (l.kind()) {
            case DEVICE -> {
            }
            case SCRATCH -> add(Tier.READ, "deletes-scratch", l.display());
            case SYSTEM, HOME, OUTSIDE -> {
                // still a "deletes" reason, so the rules about deleting (say, from /) match it
                path(l);
                outside(l);
                add(l.holdsWorkspace() ? Tier.DESTRUCTIVE : Tier.READ, "deletes", l.display());
            }
            case INSIDE -> {
                path(l);
                // the detail stays the path alone: rules match deletes by it
                boolean restorable = !Deletes.regenerated(l) && Deletes.restorable(l, settings);
                add(Deletes.regenerated(l) || restorable ? Tier.WRITE : Tier.DESTRUCTIVE, "deletes", l.display());
                if (restorable && Deletes.inGit(l, settings)) {
                    add(Tier.WRITE, "deletes-tracked", l.display() + " (git holds it unchanged: git checkout -- "
                            + l.display() + " brings it back)");
                } else if (restorable) {
                    add(Tier.WRITE, "deletes-tracked", l.display() + " (the session's branch holds it unchanged: an earlier"
                            + " command's commit has it, and airlock apply brings that commit in)");
                }
                guarded(l);
            }
            case UNKNOWN -> {
                path(l);
                add(Tier.DESTRUCTIVE, "deletes", l.display());
            }
        }
    }

    /** Reads the content of {@code l}: a concern when it is a secret, worth saying when it is outside. */
    void reads(Loc l) {
        if (l.secret()) {
            path(l);
            add(Tier.DESTRUCTIVE, "reads-secret", l.display());
        } else {
            looksAt(l);
        }
    }

    /** Looks at names or metadata only ({@code ls}, {@code cd}, {@code stat}). */
    void looksAt(Loc l) {
        if (l.kind() == Kind.HOME || l.kind() == Kind.OUTSIDE || l.escapes() && l.kind() != Kind.DEVICE) {
            path(l);
            add(Tier.READ, "outside-workspace", l.display());
        }
    }

    /** {@code l} may already exist and be replaced: nothing tells before it runs. */
    void mayOverwrite(Loc l, boolean forced) {
        if (l.kind() == Kind.DEVICE || l.kind() == Kind.SCRATCH || l.outside()) {
            return; // outside, the write fails: said once, by outside-workspace
        }
        add(Tier.WRITE, "may-overwrite", l.display() + (forced ? " (forced)" : ""));
    }

    private void path(Loc l) {
        if (!l.display().equals(Arg.FROM_INPUT)) {
            paths.add(l.display());
        }
    }

    /**
     * Writing or deleting outside {@code /workspace}: every sandbox's root is read-only and holds nothing of the
     * host (its scratch places are {@code SCRATCH}), so it fails there; said, not asked about (#17).
     */
    private void outside(Loc l) {
        if (l.outside()) {
            add(Tier.READ, "outside-workspace", l.display() + " (read-only in every sandbox: the change fails there)");
        }
    }

    /** The command only runs other code that becomes parts of its own ({@code bash -c}); alone it says nothing. */
    void handedOn() {
        handedOn = true;
    }

    /** Nothing worth a part: no reasons, and no command of its own. */
    boolean empty() {
        return reasons.isEmpty() && (handedOn || argv.isEmpty());
    }

    boolean hasReasons() {
        return !reasons.isEmpty();
    }

    boolean hasArgv() {
        return !argv.isEmpty();
    }

    boolean opaque() {
        return opaque;
    }

    Set<String> domains() {
        return domains;
    }

    Set<String> paths() {
        return paths;
    }

    Part part() {
        List<Reason> all = new ArrayList<>(reasons);
        if (dropped > 0) {
            all.add(new Reason(droppedTier, "more", dropped + " more reasons like these"));
        }
        Tier tier = Tier.READ;
        for (Reason r : all) {
            tier = tier.max(r.tier());
        }
        return new Part(argv, prefix, tier, all);
    }
}
