using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Kiln.Testing.Registry;

/// <summary>
/// A small real token server (Docker token auth spec) on loopback for <c>docker-registry</c>'s <c>auth: token</c>: issues
/// RS256 JWTs whose <c>x5c</c> header carries a self-signed certificate that is also the registry's
/// <c>rootcertbundle</c>. Known credentials (Basic) get every action asked for; anonymous requests get a token without
/// access (so the registry answers 401); wrong credentials get 401. Counts the tokens issued.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "kiln-test-registry";
    public const string Issuer = "kiln-test-issuer";

    /// <summary>The OAuth2 refresh token (docker's <c>identitytoken</c>) the server accepts in a <c>grant_type=refresh_token</c> POST.</summary>
    public const string RefreshToken = "kiln-test-refresh-token";

    private readonly HttpListener _listener;
    private readonly RSA _key;
    private readonly string _certificateBase64;
    private readonly string _username;
    private readonly string _password;
    private readonly Task _loop;
    private int _issued;
    private int _rejected;

    private TokenServer(HttpListener listener, RSA key, X509Certificate2 certificate, string username, string password, string bundle, int port)
    {
        _listener = listener;
        _key = key;
        _certificateBase64 = Convert.ToBase64String(certificate.RawData);
        _username = username;
        _password = password;
        RootCertBundle = bundle;
        Realm = $"http://127.0.0.1:{port}/token";
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The token endpoint URL.</summary>
    public string Realm { get; }

    /// <summary>The PEM file the registry trusts token signatures from.</summary>
    public string RootCertBundle { get; }

    /// <summary>Tokens handed out so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Requests refused for wrong credentials.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Lifetime written into tokens (<c>expires_in</c>).</summary>
    public int ExpiresInSeconds { get; set; } = 300;

    public static TokenServer Start(string username, string password, string directory)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kiln-test-token-signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var bundle = Path.Combine(directory, "token", "root.crt");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        File.WriteAllText(bundle, certificate.ExportCertificatePem() + "\n");
        for (var attempt = 0; ; attempt++)
        {
            var port = ExternalTool.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new TokenServer(listener, key, certificate, username, password, bundle, port);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _key.Dispose();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var authorized = false;
        var scopeValues = request.QueryString.GetValues("scope") ?? [];
        if (request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            var form = System.Web.HttpUtility.ParseQueryString(reader.ReadToEnd());
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] != RefreshToken)
            {
                Interlocked.Increment(ref _rejected);
                response.StatusCode = 401;
                Write(response, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid refresh token\"}]}");
                return;
            }

            authorized = true;
            scopeValues = form.GetValues("scope") ?? [];
        }
        else if (request.Headers["Authorization"] is { } header)
        {
            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                && Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())) == _username + ":" + _password)
            {
                authorized = true;
            }
            else
            {
                Interlocked.Increment(ref _rejected);
                response.StatusCode = 401;
                Write(response, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid username or password\"}]}");
                return;
            }
        }

        var scopes = scopeValues.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var access = new JsonArray();
        if (authorized)
        {
            foreach (var scope in scopes)
            {
                var parts = scope.Split(':');
                if (parts.Length >= 3)
                {
                    var name = string.Join(':', parts[1..^1]);
                    access.Add(new JsonObject
                    {
                        ["type"] = parts[0],
                        ["name"] = name,
                        ["actions"] = new JsonArray(parts[^1].Split(',').Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
                    });
                }
            }
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = authorized ? _username : string.Empty,
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var headerJson = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(JsonValue.Create(_certificateBase64)) };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(headerJson.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url(signature);
        Interlocked.Increment(ref _issued);
        var body = new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = ExpiresInSeconds,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        response.StatusCode = 200;
        Write(response, body.ToJsonString());
    }

    private static void Write(HttpListenerResponse response, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
