package dev.cairn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of DEVELOPERS.md: engine and UI are separate worlds. */
class ArchitectureRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn");
    }

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.cairn.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..")
                .check(classes);
    }

    @Test
    void onlyGpuBackendsUseLwjgl() {
        noClasses().that().resideOutsideOfPackage("..gpu..")
                .should().dependOnClassesThat().resideInAnyPackage("org.lwjgl..")
                .check(classes);
    }

    @Test
    void theEngineNeverDependsOnTheUi() {
        noClasses().that().resideOutsideOfPackages("dev.cairn.app..", "dev.cairn")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.app..")
                .check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.cairn.gguf..", "dev.cairn.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.model..", "dev.cairn.runtime..",
                        "dev.cairn.cli..", "dev.cairn.tokenizer..", "dev.cairn.sampling..")
                .check(classes);
    }

    @Test
    void theAppsFeaturePackagesHaveNoCycles() {
        slices().matching("dev.cairn.app.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void downloadsServeTheCommandLineAndTheAppWithoutKnowingEither() {
        noClasses().that().resideInAPackage("dev.cairn.download..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.cli..", "dev.cairn.app..")
                .check(classes);
    }
}
