package dev.airlock.devcontainer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal POSIX tar writer (ustar, with a PAX header for long names): folders and regular files only,
 * owned by root, mtime 0, so the same tree always gives the same bytes and so the same hash.
 */
final class Tar {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void folder(String name) {
        entry(name.endsWith("/") ? name : name + "/", '5', 0755, new byte[0]);
    }

    void file(String name, byte[] content, boolean executable) {
        entry(name, '0', executable ? 0755 : 0644, content);
    }

    byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private void entry(String name, char type, int mode, byte[] content) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length > 99) {
            // "NN path=...\n", where NN counts its own digits too
            String record = " path=" + name + "\n";
            int length = record.getBytes(StandardCharsets.UTF_8).length;
            int digits = 1;
            while (String.valueOf(length + digits).length() > digits) {
                digits++;
            }
            int total = length + digits;
            byte[] pax = (total + record).getBytes(StandardCharsets.UTF_8);
            header("PaxHeader", 'x', 0644, pax.length);
            body(pax);
            path = ("long-" + Integer.toHexString(name.hashCode())).getBytes(StandardCharsets.US_ASCII);
        }
        header(new String(path, StandardCharsets.UTF_8), type, mode, content.length);
        body(content);
    }

    private void header(String name, char type, int mode, long size) {
        byte[] h = new byte[512];
        put(h, 0, name.getBytes(StandardCharsets.UTF_8), 100);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII), 6);
        put(h, 263, "00".getBytes(StandardCharsets.US_ASCII), 2);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] check = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(check, 0, h, 148, 8);
        out.writeBytes(h);
    }

    private void body(byte[] content) {
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
    }

    private static void put(byte[] h, int at, byte[] value, int max) {
        System.arraycopy(value, 0, h, at, Math.min(value.length, max));
    }

    private static void octal(byte[] h, int at, int width, long value) {
        String text = String.format("%0" + (width - 1) + "o", value);
        put(h, at, text.getBytes(StandardCharsets.US_ASCII), width - 1);
    }
}
