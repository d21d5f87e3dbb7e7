package dev.leadscore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of the service, read from its compiled classes. Scoring is the bottom layer (what a
 * score is, and how a version scores); rules keep and swap the versions; leads store and re-score
 * leads; the two meet only through scoring's interfaces and events. A change that ties two
 * packages into a cycle fails here with the classes that do it.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.leadscore");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.leadscore.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void scoringIsTheBottomLayer() {
        noClasses().that().resideInAPackage("dev.leadscore.scoring..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.leadscore.api..", "dev.leadscore.rules..", "dev.leadscore.leads..",
                        "dev.leadscore.lifecycle..", "dev.leadscore.security..", "dev.leadscore.reliability..",
                        "dev.leadscore.backtest..", "dev.leadscore.console..", "dev.leadscore.audit..",
                        "dev.leadscore.ingest..", "dev.leadscore.accounts..", "dev.leadscore.notify..",
                        "dev.leadscore.health..", "dev.leadscore.db..", "dev.leadscore.startup..")
                .check(classes);
    }

    @Test
    void leadsAndRulesMeetOnlyThroughScoring() {
        noClasses().that().resideInAPackage("dev.leadscore.leads..").should().dependOnClassesThat()
                .resideInAPackage("dev.leadscore.rules..").check(classes);
        noClasses().that().resideInAPackage("dev.leadscore.rules..").should().dependOnClassesThat()
                .resideInAPackage("dev.leadscore.leads..").check(classes);
    }

    @Test
    void reliabilityAndSecurityDoNotImportEachOther() {
        noClasses().that().resideInAPackage("dev.leadscore.reliability..").should().dependOnClassesThat()
                .resideInAPackage("dev.leadscore.security..").check(classes);
        noClasses().that().resideInAPackage("dev.leadscore.security..").should().dependOnClassesThat()
                .resideInAPackage("dev.leadscore.reliability..").check(classes);
    }

    @Test
    void theHttpBasicsKnowNoDomain() {
        noClasses().that().resideInAPackage("dev.leadscore.api..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.leadscore.scoring..", "dev.leadscore.rules..", "dev.leadscore.leads..")
                .check(classes);
    }
}
