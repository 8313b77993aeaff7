package dev.bowtie.plugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: the hosts (plugin) build on the engine (realtime), and inside the
 * engine each layer uses only the layers below it. A class that imports upwards fails this test.
 */
class LayerDependencyTest {
  /** The engine's layers, lowest first, and the hosts on top. */
  private static final List<String[]> LAYERS =
      List.of(
          new String[] {"Ring", "dev.bowtie.realtime.ring.."},
          new String[] {"Audio files", "dev.bowtie.realtime.audio.."},
          new String[] {"DSP", "dev.bowtie.realtime.dsp.."},
          new String[] {"Model", "dev.bowtie.realtime.model.."},
          new String[] {"Voice", "dev.bowtie.realtime.voice.."},
          new String[] {"Pipeline", "dev.bowtie.realtime.pipeline.."},
          new String[] {"Streams", "dev.bowtie.realtime.streams.."},
          new String[] {"Device", "dev.bowtie.realtime.device.."},
          new String[] {"Session", "dev.bowtie.realtime.session.."},
          new String[] {"Hosts", "dev.bowtie.plugin.."});

  /**
   * Bowtie's main classes: neither test folders nor realtime's test-jar, which {@code mvn verify}
   * puts on this module's test class path instead of its test-classes folder.
   */
  private static final JavaClasses BOWTIE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.bowtie");

  /** Each layer may be used only by the layers above it. */
  static LayeredArchitecture layers() {
    LayeredArchitecture rule =
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      rule = rule.layer(layer[0]).definedBy(layer[1]);
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      String[] above =
          LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> l[0]).toArray(String[]::new);
      rule =
          above.length == 0
              ? rule.whereLayer(LAYERS.get(i)[0]).mayNotBeAccessedByAnyLayer()
              : rule.whereLayer(LAYERS.get(i)[0]).mayOnlyBeAccessedByLayers(above);
    }
    return rule;
  }

  @Test
  void shouldHaveEveryLayerUseOnlyTheLayersBelowIt() {
    layers().check(BOWTIE);
  }

  @Test
  void shouldKeepTheCommandLineOutOfTheEngineAndTheOtherHosts() {
    ArchRule engine =
        noClasses()
            .that()
            .resideInAPackage("dev.bowtie.realtime..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..", "dev.bowtie.plugin..");
    ArchRule hosts =
        noClasses()
            .that()
            .resideInAPackage("dev.bowtie.plugin..")
            .and()
            .resideOutsideOfPackage("dev.bowtie.plugin.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("picocli..", "dev.bowtie.plugin.cli..");
    engine.check(BOWTIE);
    hosts.check(BOWTIE);
  }

  @Test
  void shouldReportAnUpwardImport() {
    JavaClasses withFixture =
        new ClassFileImporter()
            .importPackages("dev.bowtie.realtime.dsp", "dev.bowtie.realtime.pipeline");
    EvaluationResult result = layers().evaluate(withFixture);
    assertTrue(result.hasViolation(), "the fixture's upward import is caught");
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertTrue(report.contains("UpwardImportFixture") && report.contains("VoiceEngine"), report);
  }
}
