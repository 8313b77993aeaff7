package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDevices;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bowtie devices}: lists the capture and playback devices Java Sound offers, with the rates
 * each accepts for 16-bit mono. Exit 1 with a hint when there are none.
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = "List capture and playback devices and the formats they accept.")
public final class DevicesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<AudioDevice> devices = AudioDevices.list();
    if (devices.isEmpty()) {
      throw new UserError(
          "no audio devices found: start PulseAudio or PipeWire (e.g. 'pulseaudio --start') or"
              + " connect a sound card");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (AudioDevice d : devices) {
      out.println(d.describe());
    }
    out.flush();
    return 0;
  }
}
