package dev.airlock.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A person's terminal lent to one interactive command: the keys they type (raw, Ctrl-C included, for the
 * terminal inside to turn into signals), the screen, and the window's size as it changes.
 */
public interface TerminalIO {

    /** Rows and columns of the window. */
    record Size(int rows, int columns) {
        public Size {
            if (rows <= 0 || columns <= 0) {
                throw new IllegalArgumentException("a window of " + rows + "x" + columns);
            }
        }
    }

    InputStream keys();

    OutputStream screen();

    /** The window's size now. */
    Size size();

    /** Calls {@code listener} each time the window's size changes, until the command ends. */
    void onResize(Runnable listener);
}
