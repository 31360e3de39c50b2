package dev.airlock.assess;

import dev.airlock.text.Clean;

/** An assessment for people, as {@code airlock assess} prints it: the tier, then one line per reason. */
public final class AssessmentText {

    /** The assessment as plain maps and lists, ready for any JSON writer: tier, reasons, domains, paths, parts, opaque. */
    public static java.util.Map<String, Object> json(Assessment a) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("tier", a.tier().name());
        doc.put("reasons", a.reasons().stream().map(r -> java.util.Map.of("tier", r.tier().name(), "what", r.what(), "detail", r.detail())).toList());
        doc.put("domains", a.domains());
        doc.put("paths", a.paths());
        doc.put("parts", a.parts().stream().map(p -> java.util.Map.of("argv", p.argv(), "prefix", p.prefix(), "tier", p.tier().name())).toList());
        doc.put("opaque", a.opaque());
        return doc;
    }

    private AssessmentText() {
    }

    /**
     * <pre>
     * NETWORK
     *   NETWORK      network            registry.npmjs.org
     *   WRITE        writes             node_modules
     * </pre>
     * A command with nothing to say is its tier alone.
     */
    public static String text(Assessment a) {
        StringBuilder b = new StringBuilder(a.tier().name());
        if (a.opaque()) {
            b.append(" (opaque: Airlock cannot see all it will do)");
        }
        b.append('\n');
        for (Reason r : a.reasons()) {
            b.append(String.format("  %-12s %-20s %s%n", r.tier().name(), printable(r.what()), printable(r.detail())));
        }
        return b.toString();
    }

    /** At most {@code max} characters of {@code s} on one line, with an ellipsis when cut. */
    static String shorten(String s, int max) {
        String one = printable(s);
        return one.length() <= max ? one : one.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** Cleaned ({@link Clean#line}) so a reason stays on one line; a word the parser could not know reads {@code ?}. */
    static String printable(String s) {
        return Clean.line(s.replace(Arg.UNKNOWN, '?'));
    }
}
