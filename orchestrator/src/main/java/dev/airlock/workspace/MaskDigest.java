package dev.airlock.workspace;

import dev.airlock.AirlockException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a checkpoint keeps of a masked file instead of its bytes: an HMAC-SHA256 under a random key private to
 * the store (mode 0600), so the store tells that a secret changed but cannot confirm a guess of it to anyone
 * who reads the store's objects without the key.
 */
final class MaskDigest {

    static final String KEY_FILE = "airlock-mask-key";

    private final SecretKeySpec key;
    private final long limit;

    private MaskDigest(byte[] key, long limit) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.limit = limit;
    }

    /** The store's key, made on first use; files are hashed up to {@code limit} bytes (their size always counts). */
    static MaskDigest of(Path storeDir, long limit) {
        Path file = storeDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path temp = Files.createTempFile(storeDir, KEY_FILE, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temp, fresh);
                try {
                    Files.move(temp, file); // never replaces: a key another process just made wins
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.delete(temp);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw AirlockException.failure("the checkpoint store's key " + file + " is damaged",
                        "remove " + file + "; masked files then show as changed once");
            }
            return new MaskDigest(key, limit);
        } catch (IOException e) {
            throw AirlockException.failure("cannot read or create the checkpoint store's key " + file + ": " + e.getMessage(),
                    "check that the state folder is writable");
        }
    }

    /** The digest of a workspace file, opened without following a link; its size and executable bit count. */
    String of(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             InputStream in = Channels.newInputStream(channel)) {
            Mac mac = mac();
            boolean executable = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
            mac.update(("airlock-masked-v1 " + channel.size() + " " + executable + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                mac.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (IOException e) {
            throw AirlockException.failure("cannot read the masked file " + file + " to tell whether it changed: "
                    + e.getClass().getSimpleName(), "make it readable, or remove it");
        }
    }

    /** The digest of bytes as an older store held them (size and executable bit as given). */
    String of(byte[] content, boolean executable) {
        Mac mac = mac();
        mac.update(("airlock-masked-v1 " + content.length + " " + executable + "\n").getBytes(StandardCharsets.US_ASCII));
        mac.update(content, 0, (int) Math.min(content.length, limit));
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
