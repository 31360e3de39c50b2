package dev.airlock.approval;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * What an approver said about a request. {@link Passed} hands it to the next approver of a chain; a chain
 * whose approvers all pass denies. JSON: {@code {"answer":"approved","scope":"session","by":"alice"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "answer")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Answer.Approved.class, name = "approved"),
    @JsonSubTypes.Type(value = Answer.Denied.class, name = "denied"),
    @JsonSubTypes.Type(value = Answer.Passed.class, name = "passed")})
public sealed interface Answer permits Answer.Approved, Answer.Denied, Answer.Passed {

    /** Who answered: a person ({@code terminal (alice)}) or an approver ({@code queue}, {@code command:./review}). */
    String by();

    /** Yes, for this command ({@code ONCE}) or as the request's proposed session grants ({@code SESSION}). */
    record Approved(Scope scope, String by) implements Answer {
        public Approved {
            Objects.requireNonNull(scope);
            Objects.requireNonNull(by);
        }
    }

    /** No, with the reason shown to the user (a person's, or why there was no answer). */
    record Denied(String reason, String by) implements Answer {
        public Denied {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(by);
        }
    }

    /** Not mine to answer; {@code reason} says why (no terminal, the reviewer said {@code ask}). */
    record Passed(String by, String reason) implements Answer {
        public Passed {
            Objects.requireNonNull(by);
            Objects.requireNonNull(reason);
        }

        public Passed(String by) {
            this(by, "passed it on");
        }
    }
}
