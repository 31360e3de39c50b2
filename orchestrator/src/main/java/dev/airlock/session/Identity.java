package dev.airlock.session;

import com.sun.security.auth.module.UnixSystem;
import java.util.Map;

/**
 * Who commands run as inside the sandbox: the invoking user's uid and gid, so files created in the workspace
 * belong to them. Under {@code sudo} that is the real user ({@code SUDO_UID}/{@code SUDO_GID}), not root.
 */
public record Identity(int uid, int gid) {

    public Identity {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative");
        }
    }

    public static Identity invoking(Map<String, String> env) {
        UnixSystem system = new UnixSystem();
        int uid = (int) system.getUid();
        int gid = (int) system.getGid();
        if (uid == 0 && env.containsKey("SUDO_UID") && env.containsKey("SUDO_GID")) {
            try {
                return new Identity(Integer.parseInt(env.get("SUDO_UID")), Integer.parseInt(env.get("SUDO_GID")));
            } catch (NumberFormatException e) {
                // a malformed SUDO_UID is ignored: root stays root
            }
        }
        return new Identity(uid, gid);
    }

    /** The {@code uid:gid} form the engine takes. */
    public String user() {
        return uid + ":" + gid;
    }
}
