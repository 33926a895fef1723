package io.escheduler.simulator.policy;

import io.escheduler.policies.execute.ActionLog;
import io.escheduler.policies.execute.AuditEntry;
import io.escheduler.policies.execute.ClusterOperations;
import io.escheduler.policies.execute.Eviction;
import io.escheduler.policies.execute.NodeActuators;
import io.escheduler.policies.execute.NodeView;
import io.escheduler.policies.execute.OperationException;
import io.escheduler.policies.execute.PlanExecutor;
import io.escheduler.policies.execute.PowerSwitch;
import io.escheduler.policies.plan.PolicyName;
import io.escheduler.simulator.engine.SimNode;
import io.escheduler.simulator.engine.SimPod;
import io.escheduler.simulator.engine.Simulation;
import io.escheduler.simulator.workload.Owner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executor's cluster, power drivers and node-actuators, simulated: what the service's Kubernetes client, drivers
 * and actuators do, at once in simulated time. An eviction is refused while the pod's budget allows no disruption (the
 * Eviction API's 429) and otherwise ends the pod at once (its controller creates the next incarnation, which the
 * scheduler places); a power-on returns once the node boots (Ready after its boot time), a power-off once it shuts down;
 * the Node keeps its object and the executor's annotations. Drivers and actuators never fail here: failure series are
 * the service's to meet. Every action the executor records is counted in the run's report.
 */
final class SimulatedCluster implements ClusterOperations, PowerSwitch, NodeActuators, ActionLog {

    private final Simulation sim;

    SimulatedCluster(Simulation sim) {
        this.sim = sim;
    }

    private SimNode get(String name) throws OperationException {
        SimNode n = sim.node(name);
        if (n == null) {
            throw new OperationException("node " + name + " does not exist");
        }
        return n;
    }

    @Override
    public NodeView node(String name) {
        SimNode n = sim.node(name);
        return n == null ? null : new NodeView(n.name(), n.ready(), n.unschedulable(), n.poweredOffMark(), n.annotations());
    }

    @Override
    public List<NodeView> nodesAnnotated(String key) {
        List<NodeView> out = new ArrayList<>();
        for (SimNode n : sim.nodes()) {
            if (n.annotations().containsKey(key)) {
                out.add(node(n.name()));
            }
        }
        return out;
    }

    @Override
    public List<String> workloadPods(String node) {
        SimNode n = sim.node(node);
        if (n == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (SimPod p : n.pods()) {
            if (p.spec().owner() != Owner.DAEMON_SET) {
                out.add(p.key());
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public void cordon(String node, PolicyName by) throws OperationException {
        sim.cordon(get(node), Map.of(PlanExecutor.CORDONED_BY, by.wireName()));
    }

    @Override
    public boolean uncordon(String node) throws OperationException {
        SimNode n = get(node);
        if (!n.annotations().containsKey(PlanExecutor.CORDONED_BY)) {
            return false;
        }
        sim.uncordon(n, List.of(PlanExecutor.CORDONED_BY));
        return true;
    }

    @Override
    public Eviction evict(String namespace, String pod) {
        SimPod p = sim.pod(namespace, pod);
        if (p == null || !p.running()) {
            return Eviction.GONE;
        }
        return sim.evict(p) ? Eviction.EVICTED : Eviction.REFUSED_BY_BUDGET;
    }

    @Override
    public void annotate(String node, Map<String, String> set, Set<String> remove) throws OperationException {
        sim.annotate(get(node), set, remove);
    }

    @Override
    public void powerOn(String node) throws OperationException {
        sim.powerOn(get(node));
    }

    @Override
    public void powerOff(String node) throws OperationException {
        sim.powerOff(get(node));
    }

    @Override
    public void setCeiling(String node, String value) throws OperationException {
        SimNode n = get(node);
        long khz = switch (value) {
            case "min" -> n.model().minKhz();
            case "max" -> n.model().maxKhz();
            default -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new OperationException("node-actuator of " + node + " refused the ceiling '" + value + "'");
                }
            }
        };
        sim.setCeiling(n, khz);
    }

    @Override
    public void restoreCeiling(String node) throws OperationException {
        sim.restoreCeiling(get(node));
    }

    @Override
    public void setPowerLimit(String node, String watts) throws OperationException {
        SimNode n = get(node);
        try {
            sim.setPowerLimit(n, Double.parseDouble(watts));
        } catch (NumberFormatException e) {
            throw new OperationException("node-actuator of " + node + " refused the power limit '" + watts + "'");
        }
    }

    @Override
    public void liftPowerLimit(String node) throws OperationException {
        sim.liftPowerLimit(get(node));
    }

    @Override
    public void record(AuditEntry entry) {
        sim.recordAction(entry.policy().wireName(), entry.action().kind().wireName(), entry.outcome().wireName());
    }
}
