package dev.cairn.download;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The real disk with all the room a test wants: fakes extend it to change how writes go. */
class RoomyDisk implements Storage {

    @Override
    public long usableBytes(Path folder) {
        return Long.MAX_VALUE;
    }

    @Override
    public FileChannel open(Path part) throws IOException {
        return Storage.DISK.open(part);
    }
}
