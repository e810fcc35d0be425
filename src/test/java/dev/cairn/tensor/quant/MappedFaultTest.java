package dev.cairn.tensor.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file that shrinks under a running model must fail its reads with an error, never crash the JVM
 * (see {@link MappedReads}).
 */
class MappedFaultTest {

    /**
     * Every kernel, compiled by C2 alone ({@code -XX:-TieredCompilation -Xbatch}) with no format method
     * inlined into another, so each helper that loads vectors is a compiled method of its own, as tiered
     * compilation makes them when a helper gets hot before its caller. A helper without the mark crashes
     * the child JVM with SIGBUS.
     */
    @Test
    void everyKernelFaultsWithAnErrorOnATruncatedMapping(@TempDir Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "--add-modules=jdk.incubator.vector", "-XX:-TieredCompilation", "-Xbatch",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,*Format::*", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-cp", System.getProperty("java.class.path"),
                MappedFaultProbe.class.getName(), dir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not end"); // a hang guard only
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, process.exitValue(), out);
        List<String> expected = new ArrayList<>();
        for (GgmlType type : MappedFaultProbe.storageTypes()) {
            for (String op : MappedFaultProbe.OPS) {
                if (!MappedFaultProbe.runsUnmarked(type, op)) {
                    expected.add(type + " " + op + " faulted");
                }
            }
        }
        assertEquals(expected, out.lines().filter(line -> !line.startsWith("WARNING")).toList());
    }

    /**
     * The probe above sees the kernels of one vector width; this sees the code of all of them: a method that
     * loads vectors from a segment reads a scalar from it first, by {@link MappedReads#markFaultable} or by
     * reading a block's scale ahead of its quants. The method of {@link MappedFaultProbe#UNMARKED} is the
     * known exception.
     */
    @Test
    void everyMethodThatLoadsVectorsFromASegmentReadsAScalarFirst() {
        List<String> unmarked = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn")) {
            for (JavaMethod m : c.getMethods()) {
                int firstLoad = m.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getName().equals("fromMemorySegment")
                                && call.getTargetOwner().getPackageName().equals("jdk.incubator.vector"))
                        .mapToInt(JavaMethodCall::getLineNumber).min().orElse(Integer.MAX_VALUE);
                boolean readsFirst = m.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> isScalarRead(call) && call.getLineNumber() < firstLoad);
                if (firstLoad != Integer.MAX_VALUE && !readsFirst) {
                    unmarked.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(MappedFaultProbe.UNMARKED, unmarked.stream().sorted().toList());
    }

    private static boolean isScalarRead(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return owner.isEquivalentTo(MappedReads.class)
                || owner.isEquivalentTo(QuantSupport.class) && call.getName().equals("half")
                || owner.isEquivalentTo(MemorySegment.class) && call.getName().equals("get");
    }
}
