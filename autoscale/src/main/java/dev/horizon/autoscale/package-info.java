/**
 * How many instances a service should run and how big each should be: target tracking with the Kubernetes HPA's
 * replica calculator, its stabilization windows and rate limits, AWS-style step scaling, cron-scheduled bounds, the
 * VPA's vertical recommender, the strategies that decide size and count together, and the decision log that says why.
 *
 * <p>Nothing here does I/O, starts threads or reads the wall clock: every evaluation takes an
 * {@link java.time.Instant} and the samples the caller gathered, so a decision is a deterministic function of its
 * inputs and of the history the {@link dev.horizon.autoscale.Autoscaler} keeps. The entry points are
 * {@link dev.horizon.autoscale.Autoscaler} (one per service, called once per period) and
 * {@link dev.horizon.autoscale.WhatIf} (one evaluation of a given case).
 */
@NullMarked
package dev.horizon.autoscale;

import org.jspecify.annotations.NullMarked;
