/** Test-only classes that break the module rules on purpose, for ModuleRulesProofTest. */
@NullMarked
package dev.horizon.cli.proof;

import org.jspecify.annotations.NullMarked;
