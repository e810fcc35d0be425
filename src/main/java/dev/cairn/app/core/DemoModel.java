package dev.cairn.app.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * The small real model inside the app, so that a first run can chat and watch the inspector before any
 * model is downloaded: {@code stories260K.gguf} from Andrej Karpathy's llama2.c (MIT licence; see
 * {@code stories260K.LICENSE.txt} beside it), 260K parameters trained on children's stories. The engine
 * maps model files, so it is copied out of the app into the data folder once.
 */
public final class DemoModel {

    public static final String FILE_NAME = "stories260K.gguf";
    private static final String RESOURCE = "/dev/cairn/app/demo/" + FILE_NAME;

    private DemoModel() {
    }

    /** Where the demo model lives once installed. */
    public static Path location(DataFolder folder) {
        return folder.root().resolve("demo").resolve(FILE_NAME);
    }

    public static boolean isDemo(DataFolder folder, Path model) {
        return model.toAbsolutePath().normalize().equals(location(folder).toAbsolutePath().normalize());
    }

    /** Copies the model into the data folder unless it is there already, whole; returns where it is. */
    public static Path install(DataFolder folder) throws IOException {
        byte[] model;
        try (InputStream in = Objects.requireNonNull(DemoModel.class.getResourceAsStream(RESOURCE), RESOURCE)) {
            model = in.readAllBytes();
        }
        Path target = location(folder);
        if (Files.isRegularFile(target) && Files.size(target) == model.length) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), FILE_NAME, ".part");
        try {
            Files.write(partial, model);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        return target;
    }
}
