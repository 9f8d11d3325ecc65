/*
 * rfid-edge broker plugin: a client id belongs to the identity that authenticated.
 *
 * Mosquitto lets any client that connects with a client id already in use take it over and
 * disconnect the holder. With per-device identities that means one device can keep another off
 * the broker. `use_username_as_clientid` would bind them, but a kiosk holds three connections
 * under its one identity (uplink, online client, offline-cache feed), which would then knock each
 * other off. This plugin refuses the CONNECT instead unless the client id is one of the device's
 * own forms:
 *
 *     edge-<username>   edge-<username>-cache   edge-<username>-online-<anything>
 *
 * Identities named in `plugin_opt_trusted` (space separated; the bridge user) may use any client
 * id. A device id containing "-online-" or ending in "-cache" is refused at provisioning
 * (sync.security), so no device's forms overlap another's.
 *
 * It answers only MOSQ_EVT_BASIC_AUTH: a client id that fits is deferred to the next
 * authenticator (the dynamic-security plugin checks the password), one that does not is refused.
 * Mosquitto asks plugins in the order the config names them: load this one first.
 *
 * Certificate mode (`plugin_opt_identity certificate`): mosquitto asks no plugin at all when the
 * username comes from the certificate (`use_identity_as_username`), so the listener requires a
 * certificate and the client sends its device id as username (no password); this plugin then
 * accepts the identity only if it equals the certificate's CN (the TLS layer has checked the
 * certificate against the fleet CA) and the client id fits it.
 * Built by sync.security.build_clientid_plugin (cc -shared -fPIC ... -lcrypto).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#define MAX_TRUSTED 16

static mosquitto_plugin_id_t *plugin_id;
static char *trusted[MAX_TRUSTED];
static int trusted_count;
static bool certificate_identity;

static bool starts_with(const char *s, const char *prefix, size_t n)
{
	return strncmp(s, prefix, n) == 0;
}

static bool fits(const char *username, const char *client_id)
{
	size_t ulen = strlen(username);
	const char *tail;

	for(int i = 0; i < trusted_count; i++){
		if(strcmp(trusted[i], username) == 0) return true;
	}
	if(!starts_with(client_id, "edge-", 5)) return false;
	if(!starts_with(client_id + 5, username, ulen)) return false;
	tail = client_id + 5 + ulen;
	if(tail[0] == '\0') return true;
	if(strcmp(tail, "-cache") == 0) return true;
	return starts_with(tail, "-online-", 8);
}

static bool matches_certificate(struct mosquitto *client, const char *username)
{
	X509 *cert = mosquitto_client_certificate(client);
	char cn[256];
	int n;

	if(cert == NULL) return false;
	n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn));
	X509_free(cert);
	/* a CN with an embedded NUL or longer than the buffer never matches */
	return n > 0 && (size_t)n == strlen(cn) && strcmp(cn, username) == 0;
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_basic_auth *ed = event_data;
	const char *username = mosquitto_client_username(ed->client);
	const char *client_id = mosquitto_client_id(ed->client);

	(void)event;
	(void)userdata;
	if(username == NULL || client_id == NULL) return MOSQ_ERR_AUTH;
	if(certificate_identity && !matches_certificate(ed->client, username)){
		mosquitto_log_printf(MOSQ_LOG_WARNING,
				"rfid-edge: identity %s is not its certificate's CN", username);
		return MOSQ_ERR_AUTH;
	}
	if(!fits(username, client_id)){
		mosquitto_log_printf(MOSQ_LOG_WARNING,
				"rfid-edge: refused client id %s for identity %s", client_id, username);
		return MOSQ_ERR_AUTH;
	}
	return certificate_identity ? MOSQ_ERR_SUCCESS : MOSQ_ERR_PLUGIN_DEFER;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata,
		struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	plugin_id = identifier;
	for(int i = 0; i < option_count; i++){
		if(strcmp(options[i].key, "identity") == 0){
			certificate_identity = strcmp(options[i].value, "certificate") == 0;
			continue;
		}
		if(strcmp(options[i].key, "trusted") != 0) continue;
		char *copy = strdup(options[i].value);
		for(char *tok = strtok(copy, " "); tok && trusted_count < MAX_TRUSTED; tok = strtok(NULL, " ")){
			trusted[trusted_count++] = strdup(tok);
		}
		free(copy);
	}
	return mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	for(int i = 0; i < trusted_count; i++) free(trusted[i]);
	trusted_count = 0;
	return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
}
