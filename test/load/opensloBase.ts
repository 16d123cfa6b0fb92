/** One document of each OpenSLO kind the loader reads, referencing each other, with vendor fields where the specification allows them. */
export const OPENSLO = `apiVersion: openslo/v1
kind: DataSource
metadata: { name: prom, labels: { team: payments } }
spec: { type: Prometheus, description: Prometheus, connectionDetails: { url: "http://prometheus:9090", vendorField: 1 } }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: shop-errors }
spec:
  description: Failed shop requests.
  ratioMetric:
    counter: true
    bad: { metricSource: { metricSourceRef: prom, spec: { query: 'sum(rate(http_requests_total{job="shop",code=~"5.."}[5m]))' } } }
    total: { metricSource: { metricSourceRef: prom, spec: { query: 'sum(rate(http_requests_total{job="shop"}[5m]))', vendorOption: x } } }
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: { name: fast-burn, annotations: { openslo.com/x: y } }
spec: { description: Fast burn., severity: page, condition: { kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 2m } }
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: shop-paging }
spec:
  description: Page on fast burn.
  alertWhenBreaching: true
  alertWhenResolved: false
  alertWhenNoData: false
  conditions:
    - conditionRef: fast-burn
    - kind: AlertCondition
      metadata: { name: slow-burn, labels: { team: [a, b] } }
      spec: { severity: ticket, condition: { kind: burnrate, op: gte, threshold: 1, lookbackWindow: 3d, alertAfter: 1h } }
  notificationTargets:
    - targetRef: on-call
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: shop-availability }
spec:
  description: Shop requests that succeed.
  service: shop
  indicatorRef: shop-errors
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ displayName: Good, target: 0.999 }]
  alertPolicies: [shop-paging]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: shop-latency }
spec:
  service: shop
  indicator:
    metadata: { name: shop-p95 }
    spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[5m])))' } } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives: [{ op: lte, value: 0.5, timeSliceTarget: 0.95, timeSliceWindow: 5m, targetPercent: 99 }]
`;
