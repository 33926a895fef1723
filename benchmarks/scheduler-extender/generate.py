#!/usr/bin/env python3
"""Request bodies for the scheduler-extender benchmark, as kube-scheduler sends them (compact JSON, Go field
order): for N nodes, names-N.json (nodeCacheCapable: true) and nodes-N.json (false), and cluster-N.json, the
NodeList the mock API server serves. One node in ten is throttled (its actuator's annotations).

    generate.py OUT_DIR 100 1000 5000
"""
import json
import sys


def pod():
    return {"metadata": {"name": "bench-7f9c4", "generateName": "bench-", "namespace": "batch",
                         "uid": "2b1c0a9e-1f2d-4e3c-8b7a-6d5e4f3a2b1c", "resourceVersion": "1001",
                         "creationTimestamp": "2026-11-25T06:00:00Z",
                         "labels": {"app.kubernetes.io/name": "bench", "job-name": "bench"},
                         "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "bench",
                                              "uid": "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918", "controller": True,
                                              "blockOwnerDeletion": True}]},
            "spec": {"containers": [{"name": "main", "image": "registry.example.org/hpc/bench:1.0",
                                     "resources": {"requests": {"cpu": "2", "memory": "4Gi"},
                                                   "limits": {"cpu": "2", "memory": "4Gi"}},
                                     "terminationMessagePath": "/dev/termination-log",
                                     "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"}],
                     "restartPolicy": "Never", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                     "serviceAccountName": "default", "schedulerName": "energy-scheduler", "priority": 0,
                     "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority"},
            "status": {"phase": "Pending", "qosClass": "Guaranteed"}}


def node(i):
    name = "node-%05d" % i
    annotations = {"node.alpha.kubernetes.io/ttl": "0",
                   "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                   "energy.escheduler.io/changed-at": "2026-11-25T05:42:17Z"}
    if i % 10 == 0:
        annotations.update({"energy.escheduler.io/throttled": "true", "energy.escheduler.io/throttle-reason": "cpufreq",
                            "energy.escheduler.io/cpu-max-khz": "1200000"})
    else:
        annotations.update({"energy.escheduler.io/throttled": "false", "energy.escheduler.io/cpu-max-khz": "3900000"})
    ip = "10.%d.%d.%d" % (i // 65536, (i // 256) % 256, i % 256)
    return {"metadata": {"name": name, "uid": "uid-%s" % name, "creationTimestamp": "2026-09-01T10:00:00Z",
                         "labels": {"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                    "energy.escheduler.io/system": "rack-%03d" % (i // 40)},
                         "annotations": annotations},
            "spec": {"podCIDR": "10.244.%d.0/24" % (i % 256), "podCIDRs": ["10.244.%d.0/24" % (i % 256)]},
            "status": {"capacity": {"cpu": "64", "ephemeral-storage": "479151816Ki", "memory": "263842036Ki", "pods": "110"},
                       "allocatable": {"cpu": "63500m", "ephemeral-storage": "441586313873", "memory": "261642036Ki", "pods": "110"},
                       "conditions": [{"type": t, "status": s, "lastHeartbeatTime": "2026-11-25T05:59:40Z",
                                       "lastTransitionTime": "2026-09-01T10:00:00Z", "reason": r, "message": m}
                                      for t, s, r, m in [("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                                                         ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                                                         ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                                                         ("Ready", "True", "KubeletReady", "kubelet is posting ready status")]],
                       "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
                       "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                       "nodeInfo": {"machineID": "%032x" % i, "systemUUID": "4c4c4544-%04x-3810-8052-b4c04f4e3332" % (i % 65536),
                                    "bootID": "b7e1a2c3-d4e5-4f60-8a9b-%012x" % i, "kernelVersion": "6.1.0-27-amd64",
                                    "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.24",
                                    "kubeletVersion": "v1.31.4", "kubeProxyVersion": "v1.31.4", "operatingSystem": "linux",
                                    "architecture": "amd64"},
                       "images": [{"names": ["registry.example.org/hpc/bench:1.0"], "sizeBytes": 187654321}]}}


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def main():
    out, counts = sys.argv[1], [int(n) for n in sys.argv[2:]]
    nodes = [node(i) for i in range(1, max(counts) + 1)]
    write("%s/cluster.json" % out, {"kind": "NodeList", "apiVersion": "v1", "metadata": {}, "items": nodes})
    for n in counts:
        write("%s/names-%d.json" % (out, n), {"Pod": pod(), "Nodes": None, "NodeNames": [x["metadata"]["name"] for x in nodes[:n]]})
        write("%s/nodes-%d.json" % (out, n), {"Pod": pod(), "Nodes": {"metadata": {}, "items": nodes[:n]}, "NodeNames": None})


main()
