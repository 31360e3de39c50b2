package dev.airlock.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code doctor} found, one check a line: printed as text, or as JSON ({@code docs/JSON.md}, kind {@code doctor}). */
final class DoctorChecks {

    /** One thing checked: {@code status} is {@code ok}, {@code warn} or {@code fail}; {@code fix} says what to do. */
    record Check(String name, String status, String detail, Optional<String> fix) {
    }

    private final List<Check> checks = new ArrayList<>();

    void ok(String name, String detail) {
        checks.add(new Check(name, "ok", detail, Optional.empty()));
    }

    void warn(String name, String detail) {
        checks.add(new Check(name, "warn", detail, Optional.empty()));
    }

    void fail(String name, String detail, String fix) {
        checks.add(new Check(name, "fail", detail, Optional.of(fix)));
    }

    /** Exit 0 when nothing failed, else 125 (warnings do not fail). */
    int exitCode() {
        return checks.stream().anyMatch(c -> c.status().equals("fail")) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    void print(PrintStream out, boolean json) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", JsonVersion.VERSION);
            doc.put("ok", exitCode() == 0);
            doc.put("checks", checks.stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("status", c.status());
                m.put("detail", c.detail());
                c.fix().ifPresent(f -> m.put("fix", f));
                return m;
            }).toList());
            out.println(Json.write(doc));
            return;
        }
        for (Check c : checks) {
            out.printf("%-15s %-5s %s%n", c.name(), c.status().equals("ok") ? "ok" : c.status().toUpperCase(java.util.Locale.ROOT),
                    dev.airlock.text.Clean.line(c.detail()));
            c.fix().ifPresent(f -> out.printf("                fix:  %s%n", dev.airlock.text.Clean.line(f)));
        }
    }
}
