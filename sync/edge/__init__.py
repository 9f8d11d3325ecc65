"""The edge end of the link: the durable outbox, the MQTT uplink, online requests and the offline cache."""
