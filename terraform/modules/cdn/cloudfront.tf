# CloudFront in front of everything: /_static/* from S3 (origin access control), everything else
# from the HTTP API with a secret X-Origin-Verify header the app checks, all viewer headers but
# Host forwarded (CloudFront-Viewer-Address included: the app's client address), compression on,
# and the WAF web ACL attached (WAF cannot attach to an HTTP API).

locals {
  # dr/: the API origin may be a Route 53 failover name (api_origin_domain_name) instead of the
  # HTTP API's own host, so the DR region can take over without touching CloudFront.
  api_origin_domain = coalesce(var.api_origin_domain_name, replace(replace(var.api_endpoint, "https://", ""), "/", ""))
  custom_domain     = length(var.domain_names) > 0
  # dr/: with a DR assets bucket, /_static/* reads an origin group (primary bucket, then DR's).
  assets_failover      = var.assets_failover_bucket_regional_domain_name != null
  assets_target_origin = local.assets_failover ? "assets-failover" : "assets"
}

resource "aws_cloudfront_origin_access_control" "assets" {
  name                              = "${var.name}-assets"
  description                       = "CalcApp ${var.environment}: CloudFront reads the assets bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

data "aws_cloudfront_response_headers_policy" "security_headers" {
  name = "Managed-SecurityHeadersPolicy"
}

# The app's pages and API: nothing is cached unless the response says so (default TTL 0), the
# cache key carries cookies, query strings and Authorization (so it reaches the origin), and
# gzip/brotli are on so CloudFront can compress.
resource "aws_cloudfront_cache_policy" "app" {
  name        = "${var.name}-app"
  comment     = "CalcApp ${var.environment}: dynamic responses, cached only when the origin says so"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "all"
    }
    headers_config {
      header_behavior = "whitelist"
      headers {
        items = ["Authorization"]
      }
    }
    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_distribution" "main" {
  enabled         = true
  comment         = "CalcApp ${var.environment}"
  aliases         = var.domain_names
  price_class     = var.price_class
  http_version    = "http2and3"
  is_ipv6_enabled = true
  web_acl_id      = aws_wafv2_web_acl.main.arn

  origin {
    origin_id                = "assets"
    domain_name              = module.assets_bucket.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  dynamic "origin" {
    for_each = local.assets_failover ? [var.assets_failover_bucket_regional_domain_name] : []
    content {
      origin_id                = "assets-dr"
      domain_name              = origin.value
      origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
    }
  }

  dynamic "origin_group" {
    for_each = local.assets_failover ? ["assets-failover"] : []
    content {
      origin_id = origin_group.value

      failover_criteria {
        status_codes = [403, 404, 500, 502, 503, 504]
      }

      member {
        origin_id = "assets"
      }

      member {
        origin_id = "assets-dr"
      }
    }
  }

  origin {
    origin_id   = "api"
    domain_name = local.api_origin_domain

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 30
      origin_keepalive_timeout = 5
    }

    custom_header {
      name  = "X-Origin-Verify"
      value = var.origin_verify_value
    }
  }

  # Everything but /_static/*: the Lambdas.
  default_cache_behavior {
    target_origin_id           = "api"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.app.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id
  }

  ordered_cache_behavior {
    path_pattern               = "/_static/*"
    target_origin_id           = local.assets_target_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = !local.custom_domain
    acm_certificate_arn            = local.custom_domain ? var.acm_certificate_arn : null
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.custom_domain ? "TLSv1.2_2021" : "TLSv1"
  }

  lifecycle {
    precondition {
      condition     = !local.custom_domain || var.acm_certificate_arn != null
      error_message = "domain_names needs acm_certificate_arn (an ACM certificate in us-east-1)."
    }
  }
}
