package dev.bowtie.plugin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The control language against a target that records what it was told. */
class ControlCommandsTest {
  /** A voice changer's settings, without the voice changer. */
  private static final class Settings implements ControlTarget {
    boolean bypass;
    float mix = 1f;
    String voice = "identity";

    @Override
    public void setBypass(boolean on) {
      bypass = on;
    }

    @Override
    public boolean bypass() {
      return bypass;
    }

    @Override
    public void setMix(float wet) {
      mix = wet;
    }

    @Override
    public void setVoice(String name) {
      if (!name.equals("slt")) {
        throw new IllegalArgumentException("unknown voice '" + name + "'; choose one of: slt");
      }
      voice = name;
    }

    @Override
    public String settingsText() {
      return String.format(
          Locale.ROOT, "voice %s, bypass %s, mix %.2f", voice, bypass ? "on" : "off", mix);
    }

    @Override
    public String statusJson() {
      return "{\"voice\":\"" + voice + "\"}";
    }

    @Override
    public String statusText() {
      return "voice " + voice;
    }
  }

  private final Settings settings = new Settings();
  private final ControlCommands commands = new ControlCommands(settings);

  @Test
  void shouldToggleSetAndClearBypass() {
    assertEquals("voice identity, bypass on, mix 1.00", commands.handle("bypass toggle"));
    assertEquals("voice identity, bypass off, mix 1.00", commands.handle("bypass toggle"));
    commands.handle("BYPASS ON");
    assertTrue(settings.bypass);
    commands.handle("bypass off");
    assertFalse(settings.bypass);
  }

  @Test
  void shouldSwitchVoiceAndMixAndReportStatus() {
    assertEquals("voice slt, bypass off, mix 1.00", commands.handle("voice slt"));
    assertEquals("voice slt, bypass off, mix 0.25", commands.handle("mix 0.25"));
    assertEquals("{\"voice\":\"slt\"}", commands.handle("status json"));
    assertEquals("voice slt", commands.handle("status"));
    assertEquals(ControlCommands.USAGE, commands.handle("help"));
  }

  @Test
  void shouldRefuseBadValuesInOneLineAndChangeNothing() {
    for (String bad : new String[] {"mix 2", "mix NaN", "mix -0.1", "mix loud", "mix"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> commands.handle(bad), bad);
      assertTrue(e.getMessage().startsWith("mix takes a number from 0 (dry) to 1"), e.getMessage());
    }
    assertEquals(1f, settings.mix);
    assertEquals(
        "bypass takes on, off or toggle, not 'maybe'",
        assertThrows(IllegalArgumentException.class, () -> commands.handle("bypass maybe"))
            .getMessage());
    assertEquals(
        "unknown voice 'nobody'; choose one of: slt",
        assertThrows(IllegalArgumentException.class, () -> commands.handle("voice nobody"))
            .getMessage());
    assertEquals("identity", settings.voice);
    String junk = "\u0000\u0001" + "z".repeat(100);
    String message =
        assertThrows(IllegalArgumentException.class, () -> commands.handle(junk)).getMessage();
    assertTrue(message.startsWith("unknown command '??zzz"), message);
    assertTrue(message.length() < 140, "a reply stays one short line: " + message);
  }
}
