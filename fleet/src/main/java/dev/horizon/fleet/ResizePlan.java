package dev.horizon.fleet;

import dev.horizon.sizing.Memory;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Decides how running instances take a new size, and says so: a pure function of the policy, the sizes and what each
 * instance uses.
 *
 * <p>Implementation notes. Kubernetes' in-place pod resize (KEP-1287) lets each resource say whether a change needs a
 * restart ({@code resizePolicy: NotRequired | RestartContainer}); the kubelet writes a new CPU quota to the running
 * container, and refuses to lower a memory limit below what the container uses (the kernel would have to reclaim or
 * kill). Horizon does the same, with one more case the kubelet leaves to the user: a JVM fixes its max heap at start
 * ({@code -Xmx}, else {@code MaxRAMPercentage} of the limit it saw), so a memory limit below that heap cannot be
 * honoured in place — the heap would grow into the OOM killer. In both cases every instance resized is replaced
 * (started anew at the new size), not only the one that uses too much: they run the same program, and an instance
 * under the limit now may not be in an hour. {@link ResizePolicy#RESTART} replaces on every change, as a cloud VM
 * must stop to change type: each instance is stopped before its replacement starts, so the service runs one instance
 * short during each restart — and is down during it when it has one instance; the words say which. Where the
 * provider enforces no limits nothing is replaced: a restart would hold the instances to nothing new, so the size is
 * only recorded and the words say why.
 */
final class ResizePlan {

    /**
     * One instance as the plan sees it.
     *
     * @param id           the instance id
     * @param size         its size now
     * @param memoryBytes  memory in use now; empty when unknown
     * @param heapMaxBytes its JVM's max heap; empty when no JVM or unknown
     */
    record Sized(String id, Resources size, OptionalLong memoryBytes, OptionalLong heapMaxBytes) {
    }

    private ResizePlan() {
    }

    /**
     * The resize of {@code instances} (the launched ones that are to take the new size) of {@code service} from
     * {@code from} to {@code to}; {@code active} is the service's count of active instances, for the words of a
     * restart (one short, or down). Where {@code limits} are not enforced every instance only records the size (it is
     * listed in {@link Resize#inPlace()}), whatever the policy and the memory in use, and the words end with
     * {@code (limits not enforced: WHY; the size is recorded, the kernel does not hold the instances to it)}.
     */
    static Resize of(String service, ResizePolicy policy, Resources from, Resources to, List<Sized> instances,
                     Limits limits, int active) {
        List<String> ids = instances.stream().map(Sized::id).toList();
        String change = service + ": " + change(from, to);
        String text;
        List<String> inPlace = List.of();
        List<String> replaced = List.of();
        if (instances.isEmpty()) {
            text = change + (from.equals(to) ? "; nothing to do" : "; no instance to resize, new ones start at it");
        } else if (!limits.enforced()) {
            inPlace = ids;
            String why = policy == ResizePolicy.RESTART ? "resize-policy is restart" : whyNotInPlace(instances, to);
            text = change + " recorded on " + String.join(", ", ids) + (why == null ? "" : "; " + why
                + ", but no instance is replaced: without limits a restart would change nothing");
        } else if (policy == ResizePolicy.RESTART) {
            replaced = ids;
            text = change + ": resize-policy restart stops and restarts " + (ids.size() == 1 ? ids.getFirst()
                : "the instances one at a time (" + String.join(", ", ids) + ")") + "; the service "
                + (active > 1 ? "runs one instance short meanwhile" : "is down meanwhile (its only instance)");
        } else {
            String why = whyNotInPlace(instances, to);
            if (why == null) {
                inPlace = ids;
                text = change + " in place on " + String.join(", ", ids);
            } else {
                replaced = ids;
                text = change + ": " + why + ", so " + replacedWords(ids);
            }
        }
        return new Resize(service, from, to, inPlace, replaced, withLimits(text, limits));
    }

    /**
     * {@code plan} after some in-place writes failed ({@code failed}: instance id to the error): those instances are
     * replaced instead, and the words say why.
     */
    static Resize withFailures(Resize plan, Map<String, String> failed, Limits limits) {
        if (failed.isEmpty()) {
            return plan;
        }
        List<String> inPlace = plan.inPlace().stream().filter(id -> !failed.containsKey(id)).toList();
        List<String> replaced = new ArrayList<>(plan.replaced());
        replaced.addAll(failed.keySet());
        String change = plan.service() + ": " + change(plan.from(), plan.to());
        List<String> ids = List.copyOf(failed.keySet());
        String errors = ids.size() == 1 ? failed.get(ids.getFirst()) : String.join("; ", failed.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue()).toList());
        String text = change + (inPlace.isEmpty() ? ":" : " in place on " + String.join(", ", inPlace) + ";")
            + " " + String.join(", ", ids) + " could not be resized in place (" + errors + "), so "
            + replacedWords(ids);
        return new Resize(plan.service(), plan.from(), plan.to(), inPlace, replaced, withLimits(text, limits));
    }

    /** Why the instances cannot take {@code to} in place, or {@code null} when they can. */
    private static @Nullable String whyNotInPlace(List<Sized> instances, Resources to) {
        Memory limit = to.memory();
        for (Sized i : instances) {
            Memory now = i.size().memory();
            if (limit == null || (now != null && limit.compareTo(now) >= 0)) {
                continue; // memory grows or stays: always in place
            }
            if (i.memoryBytes().isPresent() && i.memoryBytes().getAsLong() > limit.bytes()) {
                return i.id() + " uses " + Memory.rounded(i.memoryBytes().getAsLong());
            }
            if (i.heapMaxBytes().isPresent() && i.heapMaxBytes().getAsLong() > limit.bytes()) {
                return i.id() + "'s JVM fixed its max heap at " + Memory.rounded(i.heapMaxBytes().getAsLong())
                    + " when it started";
            }
        }
        return null;
    }

    private static String replacedWords(List<String> ids) {
        return (ids.size() == 1 ? ids.getFirst() + " is replaced" : "the instances are replaced one at a time")
            + " at the new size" + (ids.size() == 1 ? "" : " (" + String.join(", ", ids) + ")");
    }

    /** E.g. {@code cpu 500m -> 1500m}, {@code cpu 500m -> 1500m, memory unlimited -> 1Gi}, {@code already …}. */
    static String change(Resources from, Resources to) {
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(from.cpu(), to.cpu())) {
            parts.add("cpu " + text(from.cpu()) + " -> " + text(to.cpu()));
        }
        if (!Objects.equals(from.memory(), to.memory())) {
            parts.add("memory " + text(from.memory()) + " -> " + text(to.memory()));
        }
        return parts.isEmpty() ? "already " + to : String.join(", ", parts);
    }

    private static String text(@Nullable Object limit) {
        return limit == null ? "unlimited" : limit.toString();
    }

    private static String withLimits(String text, Limits limits) {
        return limits.enforced() ? text
            : text + " (" + limits.text() + "; the size is recorded, the kernel does not hold the instances to it)";
    }
}
