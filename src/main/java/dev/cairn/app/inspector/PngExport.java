package dev.cairn.app.inspector;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** PNG files of JavaFX nodes through {@code javax.imageio}, without the javafx-swing module. */
final class PngExport {

    private PngExport() {
    }

    /** Snapshots {@code node} on the FX thread and encodes the file in the background. */
    static CompletableFuture<Path> write(Node node, Path file) {
        WritableImage image = node.snapshot(null, null);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = pixels(image);
        return CompletableFuture.supplyAsync(() -> {
            BufferedImage buffered = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            buffered.setRGB(0, 0, width, height, argb, 0, width);
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                if (!ImageIO.write(buffered, "png", file.toFile())) {
                    throw new IOException("no PNG writer in javax.imageio");
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread.ofVirtual()::start);
    }

    /** Every pixel of {@code image} as ARGB, row by row. */
    static int[] pixels(Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return argb;
    }
}
