"""An OMS simulator: a real HTTP server on 127.0.0.1 for the demo, tests and benchmarks.

It serves the documented OMS endpoints with generated, seed-reproducible data, applies
package commands through a state machine, and injects faults on request. Start with
`Simulator(SimulatorConfig(...))`; `packing-station simulator --help` runs it standalone;
`start(in_process=True)` and `sim.transport()` serve it through `httpx.MockTransport`.
"""

from station.simulator.api import ApiSettings
from station.simulator.core import Simulator, SimulatorConfig
from station.simulator.faults import FaultRule, Faults
from station.simulator.inprocess import InProcessHandler
from station.simulator.machine import CommandError
from station.simulator.store import AppliedCommand

__all__ = [
    "ApiSettings",
    "AppliedCommand",
    "CommandError",
    "FaultRule",
    "Faults",
    "InProcessHandler",
    "Simulator",
    "SimulatorConfig",
]
