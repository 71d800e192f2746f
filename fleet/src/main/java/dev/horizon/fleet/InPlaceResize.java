package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Carries out the in-place part of a resize on the fleet's thread: asks {@link ResizePlan} what to do with what each
 * instance uses now, writes the new size into the instances it may resize in place ({@link Handle#resize}), and hands
 * back the plan with those whose write failed moved to the replaced ones (where limits are enforced; where they are
 * not, the size is recorded all the same).
 */
final class InPlaceResize {

    private InPlaceResize() {
    }

    /**
     * Resizes {@code targets} (active instances) from {@code from} to {@code to}, of the fleet's {@code active}; see
     * {@link Fleet#resize}.
     */
    static Resize apply(FleetSpec spec, Limits limits, Resources from, Resources to, List<Instance> targets,
                        int active) {
        List<ResizePlan.Sized> launched = targets.stream().filter(i -> i.handle != null && !i.size.equals(to))
            .map(i -> {
                Handle h = Objects.requireNonNull(i.handle);
                return new ResizePlan.Sized(i.id, i.size, h.memoryBytes(), h.heapMaxBytes());
            }).toList();
        Resize plan = ResizePlan.of(spec.service(), spec.resizePolicy(), from, to, launched, limits, active);
        Map<String, String> failed = new LinkedHashMap<>();
        for (Instance i : targets) {
            Handle h = i.handle;
            if (h == null) {
                i.size = to; // not launched yet: it launches at the new size
            } else if (plan.inPlace().contains(i.id)) {
                try {
                    h.resize(to);
                    i.size = to;
                } catch (IOException | RuntimeException e) {
                    if (limits.enforced()) {
                        failed.put(i.id, String.valueOf(e.getMessage()));
                    } else {
                        i.size = to; // nothing holds the instance to a size here: the size is only recorded
                    }
                }
            }
        }
        return ResizePlan.withFailures(plan, failed, limits);
    }
}
