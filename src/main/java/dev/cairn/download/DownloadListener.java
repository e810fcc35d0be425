package dev.cairn.download;

/** What a download reports while it runs, on its own thread. */
public interface DownloadListener {

    /** Something worth saying: resuming at a position, starting over and why, a retry after a dropped connection. */
    default void note(String message) {
    }

    default void progress(Progress progress) {
    }

    /** The header has arrived and Cairn can run the file: what it is, and its memory plan. */
    default void header(HeaderReport report) {
    }
}
