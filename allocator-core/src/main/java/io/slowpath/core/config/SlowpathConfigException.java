package io.slowpath.core.config;

/** A configuration error: the message names the key, what is wrong and where the value came from. */
public final class SlowpathConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a complete message. */
    public SlowpathConfigException(String message) {
        super(message);
    }

    /** An error with a complete message and its cause. */
    public SlowpathConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
