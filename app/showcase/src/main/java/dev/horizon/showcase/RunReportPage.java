package dev.horizon.showcase;

import dev.horizon.charts.Timeline;
import dev.horizon.charts.TimelineCsv;
import dev.horizon.charts.TimelinePage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@value #NAME} in the demo's state directory: the run's charts (requests, instances, latency, second by second, from
 * the instance timeline {@link RunRecording} wrote) and its phase summary, in one self-contained page that opens
 * offline ({@link TimelinePage}: uPlot and the numbers are inlined).
 */
final class RunReportPage {

    /** The page's file name. */
    static final String NAME = "report.html";

    private RunReportPage() {
    }

    /**
     * Writes the page into {@code dir} from the timeline file {@code timeline} and the phases played.
     *
     * @return the page's path
     */
    static Path write(Path dir, Path timeline, List<DemoReport.PhaseResult> phases,
        RolloutWatch.@Nullable Result rollout) throws IOException {
        Timeline run = TimelineCsv.read(timeline).named("the shop, second by second");
        List<String> notes = new ArrayList<>();
        notes.add("From " + timeline.getFileName() + " (" + run.rows() + " seconds) and "
            + RunRecording.PHASES + " in " + dir + ".");
        if (rollout != null) {
            notes.add("The rollout of --deploy: see " + RunRecording.PHASES + ".");
        }
        Path file = dir.resolve(NAME);
        PrivateFiles.write(file, TimelinePage.html("horizon demo", table(phases), notes, List.of(run)));
        return file;
    }

    /** The phases as the summary prints them: shoppers, requests, errors, rate, p95 and instances. */
    static TimelinePage.Table table(List<DemoReport.PhaseResult> phases) {
        List<List<String>> rows = new ArrayList<>();
        for (DemoReport.PhaseResult r : phases) {
            double seconds = Math.max(0.001, r.ran().toMillis() / 1000.0);
            rows.add(List.of(r.phase().name(), r.phase().usersText(), String.format(Locale.ROOT, "%.0f", seconds),
                Long.toString(r.requests()), Long.toString(r.errors()),
                String.format(Locale.ROOT, "%.1f", r.requests() / seconds),
                String.format(Locale.ROOT, "%.0f", r.p95Millis()), r.atStart(), r.atEnd(), r.peak()));
        }
        return new TimelinePage.Table(List.of("phase", "shoppers", "seconds", "requests", "errors", "requests/s",
            "p95 ms", "instances at start", "at end", "peak"), rows);
    }
}
