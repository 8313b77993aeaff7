package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.device.AudioBackend;
import dev.bowtie.realtime.device.AudioBackends;
import dev.bowtie.realtime.device.AudioDevice;
import dev.bowtie.realtime.device.AudioDeviceException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bowtie devices}: lists, backend by backend, the capture and playback devices each offers,
 * with the rates each accepts. A backend that cannot list (no sound server, say) gets one line
 * saying why. Exit 1 with a hint when no backend has any device.
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "List capture and playback devices, by backend, with the rates they accept.",
      "Give their names to 'bowtie live --backend NAME --input DEVICE --output DEVICE'."
    })
public final class DevicesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int found = 0;
    for (AudioBackend backend : AudioBackends.all()) {
      out.println(backend.id() + ": " + backend.description());
      try {
        List<AudioDevice> devices = backend.devices();
        for (AudioDevice d : devices) {
          out.println(d.describe());
        }
        found += devices.size();
      } catch (AudioDeviceException e) {
        out.println("  unavailable: " + e.getMessage());
      }
    }
    out.flush();
    if (found == 0) {
      throw new UserError(
          "no audio devices found: start PulseAudio or PipeWire (e.g. 'pulseaudio --start') or"
              + " connect a sound card");
    }
    return 0;
  }
}
