package dev.cairn.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Screenshots of the app taken by the UI tests: written to {@code target/screenshots/}, and copied to
 * {@code assets/screenshots/} (the README's pictures) when run with {@code -Dcairn.updateScreenshots=true}.
 */
final class Screenshots {

    static final Path TARGET = Path.of("target", "screenshots");
    static final Path ASSETS = Path.of("assets", "screenshots");

    private Screenshots() {
    }

    static Path take(Scene scene, String name) throws IOException {
        WritableImage image = AppHarness.fx(() -> scene.snapshot(null));
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(TARGET);
        Path file = TARGET.resolve(name + ".png");
        ImageIO.write(png, "png", file.toFile());
        if (Boolean.getBoolean("cairn.updateScreenshots")) {
            Files.createDirectories(ASSETS);
            Files.copy(file, ASSETS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
