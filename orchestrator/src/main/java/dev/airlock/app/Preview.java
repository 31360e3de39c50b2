package dev.airlock.app;

import dev.airlock.assess.Assessment;
import dev.airlock.assess.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Granted;
import dev.airlock.policy.PlanRequest;
import dev.airlock.policy.Planner;
import dev.airlock.profile.Catalog;
import dev.airlock.profile.Mode;
import dev.airlock.session.Session;
import java.util.List;
import java.util.Optional;

/**
 * What a command line needs and what a mode would do about it, with nothing run: {@code airlock assess} for a
 * mode, {@code assess_command} for a session (with its grants and the domains granted for its next command).
 */
public record Preview(Assessment assessment, Mode mode, Decision decision) {

    /**
     * The judgement outside any session: no grants. One argument is read as a shell line. With a workspace, what
     * a session there would know of it too (which deleted paths git brings back).
     */
    public static Preview of(Catalog catalog, String mode, List<String> command, Optional<java.nio.file.Path> workspace) {
        Mode m = catalog.mode(mode);
        Classifier classifier = new Classifier(Session.settings(catalog, m));
        java.util.function.Function<Classifier, Assessment> how = c -> command.size() == 1
                ? c.assessLine(command.getFirst()) : c.assess(command);
        Assessment a = workspace.map(root -> Session.assess(classifier, root, how)).orElseGet(() -> how.apply(classifier));
        return new Preview(a, m, Planner.plan(new PlanRequest(a, m, catalog, Optional.empty(), List.of(), Granted.NOTHING)));
    }

    static Preview of(Session session, Catalog catalog, List<String> argv, List<String> onceDomains) {
        Assessment a = session.assess(argv);
        Mode mode = session.mode();
        return new Preview(a, mode, Planner.plan(new PlanRequest(a, mode, catalog, Optional.empty(), onceDomains,
                session.granted())));
    }
}
