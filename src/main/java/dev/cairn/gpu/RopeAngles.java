package dev.cairn.gpu;

import dev.cairn.backend.Rotary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The cosine and sine of every rotated pair at positions {@code firstPosition + t} of a pass, as (count,
 * pairs) float pairs on the host: computed in double as the CPU backend does (not every GPU has doubles),
 * once per pass, since every layer rotates by the same angles. A GPU backend copies the table to its device
 * when it changed.
 */
public final class RopeAngles {

    private ByteBuffer table = ByteBuffer.allocateDirect(0); // kept between passes
    private Rotary rotary;  // what the table was computed for
    private int position = -1;
    private int count;

    /**
     * The table for {@code rotary} at {@code count} positions from {@code firstPosition} (position 0 to its
     * limit), or null when it is the one computed last, which the device already has.
     */
    public ByteBuffer changed(Rotary rotary, int firstPosition, int count) {
        if (rotary == this.rotary && firstPosition == position && count == this.count) {
            return null;
        }
        int pairs = rotary.pairs();
        int bytes = Math.toIntExact(2L * Float.BYTES * pairs * count);
        if (table.capacity() < bytes) {
            table = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        table.clear();
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < pairs; i++) {
                double theta = rotary.angle(firstPosition + t, i);
                table.putFloat((float) Math.cos(theta)).putFloat((float) Math.sin(theta));
            }
        }
        this.rotary = rotary;
        this.position = firstPosition;
        this.count = count;
        return table.flip();
    }
}
