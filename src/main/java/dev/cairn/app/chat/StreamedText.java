package dev.cairn.app.chat;

/**
 * Text streamed by the engine thread and taken by the FX thread in batches: the engine appends each
 * piece, the FX thread drains what arrived since it last looked (once per frame at most), so a fast
 * model cannot flood the FX thread with one update per token.
 */
final class StreamedText {

    private final StringBuilder pending = new StringBuilder();

    synchronized void append(String text) {
        pending.append(text);
    }

    /** The text appended since the last call, or an empty string. */
    synchronized String drain() {
        String text = pending.toString();
        pending.setLength(0);
        return text;
    }
}
