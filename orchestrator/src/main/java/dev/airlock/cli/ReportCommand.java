package dev.airlock.cli;

import dev.airlock.text.Clean;
import dev.airlock.app.SessionFiles;
import dev.airlock.audit.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock report}: the end-of-task summary a person reads before accepting the work. */
@Command(
        footerHeading = "%nExamples:%n",
        footer = {"  airlock report --session s-7f3k9q2m1x", "  airlock report --session s-7f3k9q2m1x --format md > report.md", "  airlock report --session s-7f3k9q2m1x --format json"},
        name = "report", description = "The end-of-task risk report: what ran, what changed, what was approved or denied, where it connected, what to check.")
final class ReportCommand implements Callable<Integer> {

    private final Airlock airlock;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
    String session;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, json (docs/JSON.md) or md (default: ${DEFAULT-VALUE}).")
    String format;

    ReportCommand(Airlock airlock) {
        this.airlock = airlock;
    }

    @Override
    public Integer call() {
        Report.Format f = Report.Format.parse(format);
        SessionFiles files = airlock.app().files(session);
        var contents = files.audit();
        contents.warnings().forEach(w -> airlock.console().err().println("airlock: audit log: " + Clean.line(w)));
        Report report = Report.of(contents);
        airlock.console().out().println(f == Report.Format.JSON ? Json.write(json(report)) : report.render(f));
        return 0;
    }

    /** The document {@code report --format json} prints (docs/JSON.md): the report's fields, {@code version} first. */
    static com.fasterxml.jackson.databind.node.ObjectNode json(Report report) {
        return Json.versioned(report);
    }
}
