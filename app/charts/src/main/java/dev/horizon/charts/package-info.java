/**
 * A run as a picture (issue 14): the timeline CSV that the simulator and the demo recording write, drawn as one SVG
 * or PNG of requests per second, instances and p95 latency over time, one run or several overlaid.
 *
 * <h2>Input</h2>
 * {@link dev.horizon.charts.TimelineCsv#read(java.nio.file.Path)} reads a file of one row per second under the
 * header {@value dev.horizon.charts.Timeline#HEADER}: {@code time} in seconds from the start, an empty cell for an
 * unknown value, any column but {@code time} may be missing (its series is left out). Errors name the file, line and
 * column ({@code run.csv:7:12: p95-ms 'abc' (expected: a number, or an empty cell for unknown)}). A program that
 * has the numbers in memory builds the same {@link dev.horizon.charts.Timeline} with
 * {@link dev.horizon.charts.Timeline#of(String, java.util.Map)}, the column names being the constants of
 * {@code Timeline}.
 *
 * <h2>Output</h2>
 * {@link dev.horizon.charts.TimelineChart#write(java.util.List, java.nio.file.Path,
 * dev.horizon.charts.TimelineChart.Options)} draws three stacked panels over one time axis (minutes up to two
 * hours, hours beyond): requests per second (arrivals, served, rejected + timed out); instances (in all, starting,
 * warming, ready, draining, and the CPU size of one instance on a second axis); latency (p95 and p99, and a dashed
 * line at {@code Options.sloP95} when set). The format follows the file's extension, {@code .svg} or {@code .png}.
 * Several runs overlay, each in its own dash pattern and labelled with its name in the legend:
 *
 * <pre>{@code
 * Timeline simulated = TimelineCsv.read(Path.of("sim.csv")).named("simulated");
 * Timeline recorded = TimelineCsv.read(Path.of("demo.csv")).named("recorded");
 * TimelineChart.write(List.of(simulated, recorded), Path.of("compare.svg"),
 *     TimelineChart.Options.DEFAULT.withTitle("flash sale: simulated vs recorded").withSloP95(Duration.ofMillis(300)));
 * }</pre>
 *
 * <h2>Plans side by side</h2>
 * {@link dev.horizon.charts.PlanChart#write(java.util.List, java.nio.file.Path,
 * dev.horizon.charts.TimelineChart.Options)} takes timelines of the same traffic under different plans and draws one
 * named point per plan: its cost (the sum of {@code price-per-hour}) across, its minutes with p95 over
 * {@code Options.sloP95} (required) up. {@link dev.horizon.charts.RunSummary#of(dev.horizon.charts.Timeline,
 * java.time.Duration)} gives those numbers, and the requests, failures and instance-hours, for text output. A
 * planner that has its own numbers (a cost per month, minutes over the SLO) draws them with
 * {@link dev.horizon.charts.PlanChart#writePlans(java.util.List, String, java.nio.file.Path,
 * dev.horizon.charts.TimelineChart.Options)} and {@link dev.horizon.charts.PlanChart.Plan}.
 *
 * <h2>Speed</h2>
 * A day of seconds (86,400 rows) draws quickly: each series is cut to at most {@code Options.maxPoints} points
 * (2,000 by default), keeping each bucket's lowest and highest value so spikes keep their height. Drawing needs no
 * display ({@code java.awt.headless} is set to {@code true} unless already set). JFreeChart draws; Batik's SVG
 * generator writes the SVG. The module uses no other Horizon module.
 */
@NullMarked
package dev.horizon.charts;

import org.jspecify.annotations.NullMarked;
