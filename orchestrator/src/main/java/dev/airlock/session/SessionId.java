package dev.airlock.session;

import java.security.SecureRandom;

/** A session's id: short, readable, unguessable enough to be unique on one machine (e.g. {@code s-7f3k9q2m}). */
public record SessionId(String value) {

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public SessionId {
        if (!value.matches("s-[0-9a-z]{8,32}")) {
            throw new IllegalArgumentException("not a session id: " + value);
        }
    }

    public static SessionId random() {
        StringBuilder out = new StringBuilder("s-");
        for (int i = 0; i < 10; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new SessionId(out.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
