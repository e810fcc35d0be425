package dev.cairn.app.download;

import dev.cairn.download.Fit;
import dev.cairn.download.RemoteModel;

/** A model of the open repository and how it would fit this machine. */
public record FileRow(RemoteModel model, Fit fit) {

    /** Whether it makes sense to download: Cairn can run it and the disk has room. */
    public boolean downloadable() {
        return fit.verdict() != Fit.Verdict.NOT_RUNNABLE && fit.verdict() != Fit.Verdict.NO_DISK_SPACE;
    }
}
