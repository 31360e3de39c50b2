package dev.airlock.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An approval that outlives its command: the kind of command (a program and subcommand prefix), a network
 * domain, or a whole profile, up to the profile it needed. A proposal (in a request) has an empty {@code by}.
 *
 * @param kind    what {@code value} names
 * @param value   {@code git push}, {@code registry.npmjs.org} or a profile name
 * @param profile the profile it was needed for; a prefix grant covers parts needing this profile or a weaker one
 * @param scope   {@code once} or {@code session}; only session grants are remembered
 * @param by      who granted it
 * @param at      when
 */
public record Grant(Kind kind, String value, String profile, Scope scope, String by,
                    @JsonSerialize(using = dev.airlock.json.IsoInstants.Write.class) @JsonDeserialize(using = dev.airlock.json.IsoInstants.Read.class)
                    Instant at) {

    /** What a grant is about. JSON: {@code prefix}, {@code domain}, {@code profile}. */
    public enum Kind {
        PREFIX,
        DOMAIN,
        PROFILE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind parse(String text) {
            return Kind.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public Grant {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(by);
        Objects.requireNonNull(at);
        value = kind == Kind.DOMAIN ? normaliseDomain(value) : Objects.requireNonNull(value).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a grant needs a value");
        }
    }

    /** A session grant proposed for the command prefix {@code [git, push]} needing {@code profile}. */
    public static Grant prefix(List<String> prefix, String profile, Instant at) {
        return new Grant(Kind.PREFIX, String.join(" ", prefix), profile, Scope.SESSION, "", at);
    }

    /** A session grant proposed for one network domain. */
    public static Grant domain(String domain, String profile, Instant at) {
        return new Grant(Kind.DOMAIN, domain, profile, Scope.SESSION, "", at);
    }

    /** This grant as given by someone, at a time, with a scope. */
    public Grant granted(Scope scope, String by, Instant at) {
        return new Grant(kind, value, profile, scope, by, at);
    }

    /** Whether this grant is about the same thing as {@code other}, whoever gave it and when. */
    boolean sameAs(Grant other) {
        return kind == other.kind && value.equals(other.value) && profile.equals(other.profile);
    }

    /** For people: what it lets through. */
    public String describe() {
        return switch (kind) {
            case PREFIX -> "commands starting `" + value + "` that need " + profile + " or less";
            case DOMAIN -> "network connections to " + value;
            case PROFILE -> "any command that needs " + value + " or less";
        };
    }

    /** The form the egress proxy compares. */
    static String normaliseDomain(String domain) {
        return dev.airlock.egress.HostNames.canonical(java.util.Objects.requireNonNull(domain));
    }
}
