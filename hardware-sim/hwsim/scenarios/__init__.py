"""Scenario files shipped with the simulator (``hwsim.scenario.load_builtin(name)``)."""
