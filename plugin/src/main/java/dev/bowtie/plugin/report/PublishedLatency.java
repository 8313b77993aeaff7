package dev.bowtie.plugin.report;

import java.util.List;

/**
 * A latency another voice changer's authors published, shown beside Bowtie's measured figures as
 * context only: it was not measured here, on other hardware and often by another definition
 * (algorithmic delay, or end to end through a given audio interface). Immutable.
 *
 * @param project the voice changer, e.g. {@code LLVC}
 * @param claim the figure as its authors state it, e.g. {@code under 20 ms}
 * @param lowMillis the low end of the claim in ms (equal to {@code highMillis} for one figure)
 * @param highMillis the high end of the claim in ms, what the chart draws
 * @param source where the figure was published
 */
record PublishedLatency(
    String project, String claim, double lowMillis, double highMillis, String source) {

  /** The figures, in one place; each names where it was published. */
  static final List<PublishedLatency> ALL =
      List.of(
          // Sadov et al., "Low-latency Real-time Voice Conversion on CPU", arXiv:2311.00873
          // (2023), abstract: latency under 20 ms at 16 kHz.
          new PublishedLatency(
              "LLVC",
              "under 20 ms",
              20,
              20,
              "Sadov et al., Low-latency Real-time Voice Conversion on CPU, arXiv:2311.00873"),
          // The Beatrice 2 project's own statement of its delay (prj-beatrice, README of
          // huggingface.co/fierce-cats/beatrice-trainer): about 50 ms.
          new PublishedLatency(
              "Beatrice 2",
              "about 50 ms",
              50,
              50,
              "Beatrice 2 project README (huggingface.co/fierce-cats/beatrice-trainer)"),
          // RVC-Project/Retrieval-based-Voice-Conversion-WebUI README: the realtime GUI's
          // end-to-end latency is 170 ms, 90 ms with ASIO devices.
          new PublishedLatency(
              "RVC realtime GUI",
              "90–170 ms",
              90,
              170,
              "Retrieval-based-Voice-Conversion-WebUI README (end to end; 90 ms with ASIO)"),
          // Plachtaa/seed-vc README, real-time GUI table: 430 ms latency for seed-uvit-xlsr-tiny
          // on an NVIDIA RTX 3060 Laptop GPU.
          new PublishedLatency(
              "Seed-VC real-time",
              "about 430 ms",
              430,
              430,
              "seed-vc README, real-time GUI on an RTX 3060 Laptop GPU"));
}
