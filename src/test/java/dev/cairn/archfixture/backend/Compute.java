package dev.cairn.archfixture.backend;

/** Fixture for ArchitectureRulesTest: the compute interface of a miniature engine. */
public interface Compute {
    void run();
}
