package io.escheduler.hardware.topology;

/** One online logical CPU: its number, the physical package (socket) and the core it belongs to. */
public record Cpu(int id, int packageId, int coreId) {
}
