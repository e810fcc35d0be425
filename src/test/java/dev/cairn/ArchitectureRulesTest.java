package dev.cairn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DEVELOPERS.md: engine and UI are separate worlds, the packages form layers with no
 * cycles, and only the GPU backends touch LWJGL. The GPU rules are also run on fixture classes that break
 * them (dev.cairn.archfixture), so they are known to bite before any GPU code exists.
 */
class ArchitectureRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn");
    }

    /**
     * The layers under {@code root}, top to bottom: the two front ends; the services beside them (server,
     * downloads); the runtime; the model, and beside it tokenizers, chat formats and sampling; the backends
     * (CPU, GPU); the compute interface; the file format; tensors and their types. A layer reaches only
     * down, and the forward pass knows only the compute interface, never a backend.
     */
    static ArchRule layers(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("App").definedBy(root + ".app..")
                .layer("Cli").definedBy(root + ".cli..")
                .layer("Server").definedBy(root + ".server..")
                .layer("Download").definedBy(root + ".download..")
                .layer("Runtime").definedBy(root + ".runtime..")
                .layer("Model").definedBy(root + ".model..")
                .layer("Text").definedBy(root + ".tokenizer..", root + ".chat..", root + ".sampling..")
                .layer("CpuBackend").definedBy(root + ".backend.cpu..")
                .layer("GpuBackends").definedBy(root + ".gpu..")
                .layer("Compute").definedBy(root + ".backend")
                .layer("Gguf").definedBy(root + ".gguf..")
                .layer("Tensor").definedBy(root + ".tensor..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Server").mayOnlyBeAccessedByLayers("App", "Cli")
                .whereLayer("Download").mayOnlyBeAccessedByLayers("App", "Cli")
                .whereLayer("Runtime").mayOnlyBeAccessedByLayers("App", "Cli", "Server", "Download")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("App", "Cli", "Server", "Download", "Runtime")
                .whereLayer("Text").mayOnlyBeAccessedByLayers("App", "Cli", "Server", "Download", "Runtime", "Model")
                .whereLayer("CpuBackend").mayOnlyBeAccessedByLayers("App", "Cli", "Runtime")
                .whereLayer("GpuBackends").mayOnlyBeAccessedByLayers("App", "Cli", "Runtime")
                .whereLayer("Compute").mayOnlyBeAccessedByLayers("App", "Cli", "Server", "Runtime", "Model",
                        "CpuBackend", "GpuBackends")
                .whereLayer("Gguf").mayOnlyAccessLayers("Tensor")
                .whereLayer("Tensor").mayNotAccessAnyLayer();
    }

    static ArchRule onlyGpuBackendsUseLwjgl(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".gpu..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lwjgl..");
    }

    @Test
    void packagesFormLayers() {
        layers("dev.cairn").check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.cairn.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.cairn.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..")
                .check(classes);
    }

    @Test
    void onlyGpuBackendsUseLwjgl() {
        onlyGpuBackendsUseLwjgl("dev.cairn").check(classes);
    }

    @Test
    void theEngineNeverDependsOnTheUi() {
        noClasses().that().resideOutsideOfPackages("dev.cairn.app..", "dev.cairn")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.app..")
                .check(classes);
    }

    @Test
    void theGpuRulesBiteOnAForwardPassThatReachesIntoAGpuBackend() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.cairn.archfixture");
        String root = "dev.cairn.archfixture";
        AssertionError layered = assertThrows(AssertionError.class, () -> layers(root).check(fixture));
        assertTrue(layered.getMessage().contains("ReachesIntoTheGpu") && layered.getMessage().contains("VulkanCompute"),
                layered.getMessage());
        AssertionError lwjgl = assertThrows(AssertionError.class, () -> onlyGpuBackendsUseLwjgl(root).check(fixture));
        assertTrue(lwjgl.getMessage().contains("ReachesIntoTheGpu.forward"), lwjgl.getMessage());
        assertTrue(!lwjgl.getMessage().contains("VulkanCompute.run"), "a GPU backend may use LWJGL: " + lwjgl.getMessage());
    }

    @Test
    void chatFormatsStayBelowTheEngine() {
        noClasses().that().resideInAnyPackage("dev.cairn.chat..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.model..", "dev.cairn.runtime..",
                        "dev.cairn.cli..", "dev.cairn.tokenizer..", "dev.cairn.sampling..", "dev.cairn.app..")
                .check(classes);
    }
}
