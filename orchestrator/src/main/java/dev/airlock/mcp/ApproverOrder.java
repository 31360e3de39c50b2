package dev.airlock.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code elicit} (the person, through the client) stands in {@code airlock mcp --approver}: the approvers
 * named before it are asked first, those after it when the client cannot ask. A spec that does not name it asks
 * the client first, as before; {@code --approver queue,elicit} never reaches it (the queue always answers).
 *
 * @param before the spec asked before the client, if any ({@code command:./review} in {@code command:./review,elicit,queue})
 * @param after  the spec asked when the client passes; {@code defaultAfter} when nothing follows {@code elicit}
 */
public record ApproverOrder(Optional<String> before, String after) {

    public static final String ELICIT = "elicit";

    /** Splits {@code spec} (null: none given) around {@code elicit}. */
    public static ApproverOrder of(String spec, String defaultAfter) {
        if (spec == null || spec.isBlank()) {
            return new ApproverOrder(Optional.empty(), defaultAfter);
        }
        List<String> items = List.of(spec.split(",", -1));
        List<String> trimmed = items.stream().map(String::strip).toList();
        int at = trimmed.indexOf(ELICIT);
        if (at < 0) {
            return new ApproverOrder(Optional.empty(), spec);
        }
        if (trimmed.lastIndexOf(ELICIT) != at) {
            throw new IllegalArgumentException("--approver '" + spec + "' names elicit twice");
        }
        List<String> before = new ArrayList<>(items.subList(0, at));
        List<String> after = new ArrayList<>(items.subList(at + 1, items.size()));
        return new ApproverOrder(before.isEmpty() ? Optional.empty() : Optional.of(String.join(",", before)),
                after.isEmpty() ? defaultAfter : String.join(",", after));
    }
}
