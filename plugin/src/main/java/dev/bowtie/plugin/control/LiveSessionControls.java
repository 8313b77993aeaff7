package dev.bowtie.plugin.control;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bowtie.realtime.pipeline.LiveSettings;
import dev.bowtie.realtime.pipeline.LiveStatus;
import dev.bowtie.realtime.session.LiveSession;
import java.util.Locale;

/** Remote control of a {@link LiveSession}: what {@link ControlCommands} change in it. */
public final class LiveSessionControls implements ControlTarget {
  private final LiveSession session;

  /**
   * @param session the running session
   */
  public LiveSessionControls(LiveSession session) {
    this.session = session;
  }

  @Override
  public void setBypass(boolean on) {
    session.setBypass(on);
  }

  @Override
  public boolean bypass() {
    return session.settings().bypass();
  }

  @Override
  public void setMix(float wet) {
    session.setMix(wet);
  }

  @Override
  public void setVoice(String name) {
    session.setVoice(name);
  }

  @Override
  public String settingsText() {
    LiveSettings s = session.settings();
    return String.format(
        Locale.ROOT,
        "voice %s, bypass %s, mix %.2f",
        s.voiceName(),
        s.bypass() ? "on" : "off",
        s.wetMix());
  }

  @Override
  public String statusJson() {
    LiveStatus status = session.status();
    LiveSettings s = session.settings();
    JsonObject json =
        status == null
            ? new JsonObject()
            : JsonParser.parseString(status.toJson()).getAsJsonObject();
    json.addProperty("voice", s.voiceName());
    json.addProperty("bypass", s.bypass());
    json.addProperty("mix", s.wetMix());
    json.addProperty("state", session.state().name().toLowerCase(Locale.ROOT));
    return json.toString();
  }

  @Override
  public String statusText() {
    LiveStatus status = session.status();
    return settingsText() + (status == null ? ", starting" : ": " + status.toText());
  }
}
