package io.slowpath.api;

/**
 * Thrown by {@link Gfp#parse(String)} when a text is not a valid Linux 3.10 GFP mask. The message names the whole
 * input, the position (0-based character offset) and the term that is wrong, and what is wrong with it.
 */
public final class GfpParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final int position;

    /**
     * Creates the exception.
     *
     * @param input    the text that was being parsed (may be {@code null})
     * @param position the 0-based character offset of the offending term or character in {@code input}
     * @param message  the full message, already naming the input and the offending term
     */
    public GfpParseException(String input, int position, String message) {
        super(message);
        this.input = input;
        this.position = position;
    }

    /** The text that was being parsed, as given ({@code null} if {@code null} was passed). */
    public String input() {
        return input;
    }

    /** The 0-based character offset in {@link #input()} of the term or character that is wrong. */
    public int position() {
        return position;
    }
}
