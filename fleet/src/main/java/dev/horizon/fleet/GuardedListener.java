package dev.horizon.fleet;

/**
 * A {@link FleetListener} whose failures are logged and go no further, so a faulty listener cannot stop the fleet's
 * decisions; notices are also logged (INFO), transitions are the listener's to log.
 */
final class GuardedListener implements FleetListener {

    private static final System.Logger LOG = System.getLogger(Fleet.class.getName());

    private final FleetListener listener;

    GuardedListener(FleetListener listener) {
        this.listener = listener;
    }

    @Override
    public void onTransition(Transition transition) {
        try {
            listener.onTransition(transition);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fleet listener failed on " + transition, e);
        }
    }

    @Override
    public void onNotice(String service, String notice) {
        LOG.log(System.Logger.Level.INFO, "fleet " + service + ": " + notice);
        try {
            listener.onNotice(service, notice);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fleet listener failed on " + notice, e);
        }
    }
}
