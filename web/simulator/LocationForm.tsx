/**
 * Sharing a location: coordinates always; a map to tap on when the town configured map tiles
 * (MAP_TILE_URL). Starts at the town's centre from its settings.
 */
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { T } from './texts.js';

interface SimulatorConfig {
  map_tile_url: string | null;
  map_attribution: string | null;
  center: { latitude: number; longitude: number } | null;
}

const fetchConfig = async (): Promise<SimulatorConfig> => (await fetch('/simulator/config.json')).json() as Promise<SimulatorConfig>;

export function LocationForm({ onSend }: { onSend: (location: { latitude: number; longitude: number }) => void }) {
  const config = useQuery({ queryKey: ['simulator-config'], queryFn: fetchConfig, staleTime: Infinity });
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  const center = config.data?.center;
  useEffect(() => {
    if (center && latitude === '' && longitude === '') {
      setLatitude(center.latitude.toFixed(5));
      setLongitude(center.longitude.toFixed(5));
    }
  }, [center, latitude, longitude]);
  const valid = latitude !== '' && longitude !== '' && Math.abs(Number(latitude)) <= 90 && Math.abs(Number(longitude)) <= 180;

  return (
    <form
      className="location"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSend({ latitude: Number(latitude), longitude: Number(longitude) });
      }}
    >
      {config.data?.map_tile_url ? (
        <TileMap
          tileUrl={config.data.map_tile_url}
          attribution={config.data.map_attribution ?? ''}
          position={valid ? [Number(latitude), Number(longitude)] : center ? [center.latitude, center.longitude] : [0, 0]}
          onPick={(lat, lng) => {
            setLatitude(lat.toFixed(5));
            setLongitude(lng.toFixed(5));
          }}
        />
      ) : null}
      <label>
        {T.latitude}
        <input inputMode="decimal" value={latitude} onChange={(e) => setLatitude(e.target.value)} required />
      </label>
      <label>
        {T.longitude}
        <input inputMode="decimal" value={longitude} onChange={(e) => setLongitude(e.target.value)} required />
      </label>
      <button type="submit" disabled={!valid}>
        {T.shareLocation}
      </button>
    </form>
  );
}

function TileMap(props: { tileUrl: string; attribution: string; position: [number, number]; onPick: (lat: number, lng: number) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;
  const [lat, lng] = props.position;

  useEffect(() => {
    if (!element.current) return;
    const map = L.map(element.current).setView([lat, lng], 16);
    L.tileLayer(props.tileUrl, { attribution: props.attribution, maxZoom: 19 }).addTo(map);
    marker.current = L.circleMarker([lat, lng], { radius: 8 }).addTo(map);
    map.on('click', (event: L.LeafletMouseEvent) => onPick.current(event.latlng.lat, event.latlng.lng));
    return () => {
      map.remove();
    };
    // The map is created once per tile source; the marker follows in the effect below.
  }, [props.tileUrl, props.attribution]); // lat/lng deliberately not dependencies

  useEffect(() => {
    marker.current?.setLatLng([lat, lng]);
  }, [lat, lng]);

  return <div ref={element} className="map" role="application" aria-label={T.mapLabel} />;
}
