package dev.cairn.download;

/**
 * Why a download, a search or a listing failed, in words for the user. Messages name files, repositories
 * and URLs without their query strings, never request headers: the access token cannot end up in one.
 */
public final class DownloadException extends Exception {

    public enum Kind {
        /** The connection dropped or the server failed; what arrived is kept, and running it again resumes. */
        NETWORK,
        /** 404: no such repository, file or URL. */
        NOT_FOUND,
        /** A gated or private repository, and no token or one without access. */
        ACCESS,
        /** Not enough room on the destination's disk; what arrived is kept. */
        NO_SPACE,
        /** The destination cannot be written for another reason. */
        DISK,
        /** The SHA-256 of what arrived differs from the published one; nothing was kept. */
        CHECKSUM,
        /** Not a GGUF file, or one Cairn cannot run; nothing was kept. */
        NOT_RUNNABLE,
        /** The request itself is wrong (an ambiguous repository, a file already there...). */
        REQUEST
    }

    private final Kind kind;

    public DownloadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DownloadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
