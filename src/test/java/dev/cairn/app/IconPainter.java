package dev.cairn.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the app icon, a cairn of five stones on a dusk-blue tile, with Java2D. Run it to write
 * {@code assets/cairn-icon.png} (the window icon and jpackage's): {@code IconPainter [file]}.
 */
public final class IconPainter {

    static final int SIZE = 256;

    /** Stones bottom to top: centre x, centre y, width, height, colour. */
    private static final double[][] STONES = {
        {128, 196, 150, 50, 0x6b7280},
        {124, 152, 118, 42, 0x8b929c},
        {132, 115, 92, 36, 0xa3a9b1},
        {126, 84, 66, 28, 0xbfc4ca},
        {130, 59, 40, 20, 0xd9dce0},
    };

    private IconPainter() {
    }

    public static BufferedImage paint() {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setPaint(new GradientPaint(0, 0, new Color(0x1e3a5f), 0, SIZE, new Color(0x0f1f33)));
        g.fill(new RoundRectangle2D.Double(8, 8, SIZE - 16, SIZE - 16, 56, 56));
        g.setColor(new Color(0x2f4f73));
        g.fill(new Ellipse2D.Double(40, 206, 176, 24));
        for (double[] s : STONES) {
            Color base = new Color((int) s[4]);
            double x = s[0] - s[2] / 2;
            double y = s[1] - s[3] / 2;
            g.setPaint(new GradientPaint((float) x, (float) y, base.brighter(), (float) x, (float) (y + s[3]), base.darker()));
            g.fill(new Ellipse2D.Double(x, y, s[2], s[3]));
            g.setColor(new Color(0, 0, 0, 70));
            g.setStroke(new BasicStroke(2f));
            g.draw(new Ellipse2D.Double(x, y, s[2], s[3]));
            g.setColor(new Color(255, 255, 255, 60));
            g.fill(new Ellipse2D.Double(x + s[2] * 0.2, y + s[3] * 0.12, s[2] * 0.35, s[3] * 0.28));
        }
        g.dispose();
        return image;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/cairn-icon.png");
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(paint(), "png", out.toFile());
        System.out.println("wrote " + out);
    }
}
